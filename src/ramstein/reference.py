"""Load the bundled reference dataset (src/ramstein/data) once per database, through the importers.

The load is recorded as an event; a database that has this version is left alone, so `init` and the
first `serve` can both call this safely. A database holding an older version is upgraded: the new
reference rows are added, user rows are never touched (reference_upgrade.py).
"""

from __future__ import annotations

import csv
from decimal import Decimal
from importlib import resources
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ramstein.audit.log import record
from ramstein.auth.actor import SYSTEM
from ramstein.dataset import DATASET
from ramstein.imports.fields import parse_bool
from ramstein.imports.service import import_file
from ramstein.models import Event, Nation, NationFigure
from ramstein.reference_packages import load_register
from ramstein.reference_upgrade import upgrade_reference_data
from ramstein.releases.service import release_everything
from ramstein.sources.repository import get_or_create_source

IMPORTS = (("offers", "offers.csv"), ("requirements", "requirements.csv"), ("pledges", "pledges.csv"))


def data_file(name: str) -> Path:
    return Path(str(resources.files("ramstein") / "data" / name))


def _read(name: str) -> list[dict[str, str]]:
    with data_file(name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def loaded_versions(session: Session) -> list[str]:
    """The dataset versions loaded into (or upgraded in) this database, oldest first."""
    return list(dict.fromkeys(session.execute(select(Event.entity_id).where(
        Event.entity == "reference_data").order_by(Event.seq)).scalars()))


def is_loaded(session: Session) -> bool:
    found = session.execute(select(Event.seq).where(
        Event.entity == "reference_data", Event.entity_id == DATASET).limit(1)).first()
    # nations are loaded with it: a log emptied behind the application's back is not a new database
    return found is not None or session.execute(select(Nation.iso3).limit(1)).first() is not None


def _load_nations(session: Session) -> int:
    for row in _read("nations.csv"):
        session.add(Nation(iso3=row["iso3"], name=row["name"], nato=parse_bool(row["nato"], "nato"),
                           eu=parse_bool(row["eu"], "eu"), currency=row["currency"], note=row.get("note", "")))
    session.flush()
    figures = _read("nation_figures.csv")
    for row in figures:
        source = get_or_create_source(session, row["source_title"], row["source_url"], row["confidence"])
        session.add(NationFigure(nation_iso3=row["nation"], year=int(row["year"]), measure=row["measure"],
                                 value=Decimal(row["value"]), basis=row.get("basis", ""), source_id=source.id))
    session.flush()
    return len(figures)


def load_reference_data(session: Session) -> dict[str, int]:
    """Load nations, figures, offers, the illustrative list and the reported pledges; counts per table."""
    versions = loaded_versions(session)
    if versions and DATASET not in versions:
        return upgrade_reference_data(session, versions[-1])
    if is_loaded(session):
        return {}
    counts = {"nation_figures": _load_nations(session)}
    for kind, name in IMPORTS:
        counts[kind] = import_file(session, SYSTEM, kind, data_file(name))
    counts["packages"] = len(load_register(session))
    release_everything(session, SYSTEM, f"{DATASET}: figures compiled from public reporting")
    record(session, SYSTEM, "loaded", "reference_data", DATASET, None, {"counts": counts})
    return counts
