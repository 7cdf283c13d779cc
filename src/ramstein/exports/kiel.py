"""Pledges in the long format of the Kiel Ukraine Support Tracker: one row per pledge.

`measure` follows the tracker's distinction: a `Commitment` is money announced or confirmed, an
`Allocation` money committed to purchases or paid (our statuses committed and disbursed). Withdrawn
pledges are left out, as the tracker drops cancelled aid. Values are in the pledge's own (reporting)
currency and in EUR at the ECB rate of the pledge's date, rate and rate date alongside. An undisclosed
amount is left empty whoever exports (this is an open-data format), and so is everything derived from it.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ramstein.auth.actor import Actor
from ramstein.models import Nation, Pledge
from ramstein.pledges.repository import list_pledges

MEASURES = {"announced": "Commitment", "confirmed": "Commitment", "committed": "Allocation",
            "disbursed": "Allocation"}
SOURCE_COLUMNS = 4


def kiel_row(p: Pledge, donor: str, joint_with: list[str], shown: bool) -> dict[str, Any]:
    links = [s.url or s.title for s in p.sources]
    row: dict[str, Any] = {
        "id": p.id, "donor": donor, "donor_iso3": p.nation_iso3, "announcement_date": p.date,
        "measure": MEASURES[p.status], "aid_type_general": "Military",
        "aid_type_specific": "PURL: purchase of weapons for Ukraine" + (
            f" ({', '.join(p.categories)})" if p.categories else ""),
        "reporting_currency": p.currency,
        "value_reporting_currency": p.amount if shown else None,
        "value_eur": p.eur_amount if shown else None, "eur_rate": p.eur_rate if shown else None,
        "eur_rate_date": p.eur_rate_date if shown else None,
        "value_usd": p.usd_amount if shown else None,
        "rate_provisional": p.rate_provisional if shown else None,
        "disclosed": p.disclosed, "estimated": p.estimated, "joint_with": ";".join(joint_with),
        "status": p.status, "confidence": p.confidence, "package": p.package_ref or "", "explanation": p.note,
    }
    for i in range(SOURCE_COLUMNS):
        row[f"source_{i + 1}"] = links[i] if i < len(links) else ""
    row["sources_not_listed"] = max(0, len(links) - SOURCE_COLUMNS)
    return row


def kiel_rows(session: Session, actor: Actor | None = None) -> list[dict[str, Any]]:
    from ramstein.exports.tables import OPERATOR

    actor = actor or OPERATOR
    pledges, _ = list_pledges(session, actor)
    names = dict(session.execute(select(Nation.iso3, Nation.name)).all())
    groups: dict[str, list[str]] = defaultdict(list)
    for p in pledges:
        if p.joint_group:
            groups[p.joint_group].append(p.nation_iso3)
    rows = []
    for p in pledges:
        if p.status not in MEASURES:
            continue
        partners = sorted(c for c in groups.get(p.joint_group or "", []) if c != p.nation_iso3)
        shown = p.amount is not None and p.disclosed  # open data: an undisclosed amount never leaves
        rows.append(kiel_row(p, names.get(p.nation_iso3, p.nation_iso3), partners, shown))
    return rows
