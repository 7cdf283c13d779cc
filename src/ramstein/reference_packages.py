"""The PURL package register (data/packages.csv) as ledger packages, linked to the pledges that fund them.

Each package of the register becomes a package at the status its delivery reporting supports, with
its reported value in USD (converted at the ECB rate of the day it was formed when announced in
another currency), what officials named of its contents, its delivery reporting and its sources in
the note, and a funding link to every pledge its `funded_by` names. Packages already in the
database (by ref) are left alone, so a newer dataset adds only the new ones.
"""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal
from importlib import resources

from sqlalchemy import select
from sqlalchemy.orm import Session

from ramstein.auth.actor import SYSTEM
from ramstein.models import Package, Pledge
from ramstein.money import ecb_rate
from ramstein.packages.schemas import FunderIn, PackageCreate
from ramstein.packages.service import create_package, transition_package
from ramstein.states import PACKAGE_MOVES, statuses_reached


def register_rows() -> list[dict[str, str]]:
    with (resources.files("ramstein") / "data" / "packages.csv").open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _value_usd(row: dict[str, str]) -> Decimal | None:
    if not row["value"].strip():
        return None
    value = Decimal(row["value"])
    if row["currency"] == "USD":
        return value
    quote = ecb_rate(row["currency"], "USD", dt.date.fromisoformat(row["formed"]))
    return (value * quote.rate).quantize(Decimal("0.01"))


def _note(row: dict[str, str]) -> str:
    titles = [t.strip() for t in row["source_title"].split("|")]
    urls = [u.strip() for u in row["source_url"].split("|")]
    sources = "; ".join(f"{t} ({u})" for t, u in zip(titles, urls, strict=True))
    value = (f"{row['comparison'] or 'value'} {row['currency']} {row['value']}" if row["value"]
             else "value not published")
    return (f"{row['name']}, formed {row['formed']} ({value}; {row['confidence']}). Funders: {row['shares']}. "
            f"Contents named: {row['contents']}. Delivery: {row['delivery']}. {row['note']} Sources: {sources}").strip()


def load_register(session: Session) -> list[str]:
    """Create the register's packages missing from the database; returns their refs."""
    have = set(session.execute(select(Package.ref)).scalars())
    pledges: dict[str, list[Pledge]] = {}
    for p in session.execute(select(Pledge).where(Pledge.created_by == SYSTEM.name,
                                                  Pledge.status != "withdrawn")).scalars():
        pledges.setdefault(f"{p.nation_iso3}@{p.date.isoformat()}", []).append(p)
    rows = register_rows()
    # a pledge funding two packages (Norway, 2025-12-03) has no published split: no funder figure from it
    uses = [key for row in rows for key in row["funded_by"].split()]
    added = []
    for row in rows:
        if row["ref"] in have:
            continue
        funding = [p for key in row["funded_by"].split()
                   for nation in key.split("@")[0].split(";")
                   for p in pledges.get(f"{nation}@{key.split('@')[1]}", [])]
        # funders charted from published shares only: an estimate is never shown as a nation's funding
        funders: dict[str, Decimal] = {}
        for p in funding:
            if p.confidence in ("official", "reported") and p.usd_amount and uses.count(
                    f"{p.nation_iso3}@{p.date.isoformat()}") == 1:
                funders[p.nation_iso3] = funders.get(p.nation_iso3, Decimal(0)) + p.usd_amount
        create_package(session, SYSTEM, PackageCreate(
            ref=row["ref"], target_usd=_value_usd(row), note=_note(row), funding_pledges=[p.id for p in funding],
            funders=[FunderIn(nation=n, amount_usd=a) for n, a in sorted(funders.items())]))
        for status in statuses_reached(PACKAGE_MOVES, "draft", row["status"]):
            transition_package(session, SYSTEM, row["ref"], status)
        added.append(row["ref"])
    return added
