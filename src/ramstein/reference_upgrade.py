"""Bring a database loaded with an older bundled dataset up to the current one, leaving user rows alone.

`ramstein init` (and the first start) calls this when the database holds an older reference
dataset version: nations, figures, offers and pledges the new version adds are imported through
the same importers (each row an event), only the new rows are released, and the reference pledges
the new version no longer holds (corrected or replaced) are withdrawn, each move an event. Rows a
user recorded (any creator but the reference loader) are never changed. The upgrade itself is an
event naming both versions and what changed.
"""

from __future__ import annotations

import csv
import tempfile
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ramstein.audit.log import record
from ramstein.auth.actor import SYSTEM
from ramstein.dataset import DATASET
from ramstein.imports.fields import parse_bool
from ramstein.imports.service import import_file
from ramstein.models import Nation, NationFigure, Offer, Pledge
from ramstein.pledges.service import _move
from ramstein.reference_packages import load_register
from ramstein.releases.service import ReleaseCreate, release
from ramstein.sources.repository import get_or_create_source

PledgeKey = tuple[frozenset[str], str, str, Decimal | None]


def _rows(name: str) -> list[dict[str, str]]:
    with (resources.files("ramstein") / "data" / name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _import_rows(session: Session, kind: str, rows: list[dict[str, str]]) -> int:
    """Import only `rows` (a subset of a bundled file) through the ordinary importer."""
    if not rows:
        return 0
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{kind}.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
        return import_file(session, SYSTEM, kind, path)


def _csv_key(row: dict[str, str]) -> PledgeKey:
    amount = Decimal(row["amount"]) if row["amount"].strip() else None
    nations = frozenset(c.strip() for c in row["nation"].split(";") if c.strip())
    return nations, row["date"], row["currency"].strip().upper(), amount


def _stored_keys(pledges: list[Pledge]) -> dict[PledgeKey, list[Pledge]]:
    """Reference pledges by the key of the CSV row they came from (a joint row's parts share one key)."""
    groups: dict[str, list[Pledge]] = {}
    found: dict[PledgeKey, list[Pledge]] = {}
    for p in pledges:
        if p.joint_group:
            groups.setdefault(p.joint_group, []).append(p)
        else:
            key = (frozenset({p.nation_iso3}), p.date.isoformat(), p.currency, p.amount)
            found.setdefault(key, []).append(p)
    for parts in groups.values():
        key = (frozenset(p.nation_iso3 for p in parts), parts[0].date.isoformat(), parts[0].currency,
               parts[0].joint_total)
        found.setdefault(key, []).extend(parts)
    return found


def _new_nations(session: Session) -> tuple[int, int]:
    known = set(session.execute(select(Nation.iso3)).scalars())
    added = [r for r in _rows("nations.csv") if r["iso3"] not in known]
    for row in added:
        session.add(Nation(iso3=row["iso3"], name=row["name"], nato=parse_bool(row["nato"], "nato"),
                           eu=parse_bool(row["eu"], "eu"), currency=row["currency"], note=row.get("note", "")))
    session.flush()
    have = set(session.execute(select(NationFigure.nation_iso3, NationFigure.year, NationFigure.measure)).tuples())
    figures = [r for r in _rows("nation_figures.csv") if (r["nation"], int(r["year"]), r["measure"]) not in have]
    for row in figures:
        source = get_or_create_source(session, row["source_title"], row["source_url"], row["confidence"])
        session.add(NationFigure(nation_iso3=row["nation"], year=int(row["year"]), measure=row["measure"],
                                 value=Decimal(row["value"]), basis=row.get("basis", ""), source_id=source.id))
    session.flush()
    return len(added), len(figures)


def upgrade_reference_data(session: Session, previous: str) -> dict[str, Any]:
    """Add what the current dataset adds to a database loaded with `previous`; counts and withdrawn ids."""
    nations, figures = _new_nations(session)
    offer_refs = set(session.execute(select(Offer.ref)).scalars())
    new_offers = [r for r in _rows("offers.csv") if r["id"] not in offer_refs]
    offers = _import_rows(session, "offers", new_offers)
    ours = list(session.execute(select(Pledge).where(Pledge.created_by == SYSTEM.name)).scalars())
    stored = _stored_keys(ours)
    bundled = _rows("pledges.csv")
    wanted = {_csv_key(r) for r in bundled}
    last_id = session.execute(select(func.coalesce(func.max(Pledge.id), 0))).scalar_one()
    pledges = _import_rows(session, "pledges", [r for r in bundled if _csv_key(r) not in stored])
    new_ids = list(session.execute(select(Pledge.id).where(Pledge.id > last_id)).scalars())
    withdrawn = []
    for key, parts in stored.items():
        if key in wanted:
            continue
        for pledge in parts:
            if pledge.status != "withdrawn":
                _move(session, SYSTEM, pledge, "withdrawn")
                withdrawn.append(pledge.id)
    packages = load_register(session)  # the register's new packages, linked to the pledges now held
    if new_ids or new_offers or packages:
        release(session, SYSTEM, ReleaseCreate(pledges=new_ids, offers=[r["id"] for r in new_offers],
                                               packages=packages, note=f"{DATASET}: rows added to {previous}"))
    counts: dict[str, Any] = {"nations": nations, "nation_figures": figures, "offers": offers,
                              "pledges": pledges, "withdrawn_pledges": len(withdrawn), "packages": len(packages)}
    record(session, SYSTEM, "upgraded", "reference_data", DATASET, {"version": previous},
           {"version": DATASET, "counts": counts, "withdrawn": withdrawn})
    return counts
