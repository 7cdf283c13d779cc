"""Released pledges in the Kiel Ukraine Support Tracker's own column layout (bilateral assistance, one row per pledge).

Kiel's columns come first, under Kiel's names; what Kiel has no column for follows under names starting
"Ramstein:". A reported figure and an estimate never share a column: a GDP-split share of a joint pledge
(or any figure of confidence `estimated`) leaves "Monetary Value as Given by Source" and "Converted Value
in EUR" empty and sits in the "Ramstein: Estimated ..." columns, with its confidence `estimated` (never
the source's). Ramstein has no
reported delivered value per pledge, so Kiel's "Total monetary value delivered in EUR" stays empty and
the pledge's pro-rata share of what its package delivered is an estimate column. Withdrawn pledges are
left out, as Kiel drops cancelled aid. Column by column: docs/open-data.md.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from ramstein.exports.records import PublicData, PublicDelivery, PublicPackage, PublicPledge

MEASURES = {"announced": "Commitment", "confirmed": "Commitment", "committed": "Allocation",
            "disbursed": "Allocation"}
TYPE_GENERAL = "Military"
TYPE_SPECIFIC = "Weapons and equipment"
SOURCE_COLUMNS = 4
EUR_PLACES = Decimal("0.01")

# (name, Table Schema type, description)
KIEL_FIELDS: list[tuple[str, str, str]] = [
    ("ID", "integer", "Ramstein's pledge id"),
    ("Countries", "string", "donor government"),
    ("Announcement Date", "date", ""),
    ("Type of Aid General", "string", "Kiel's category: Military"),
    ("Type of Aid Specific", "string", "Kiel's military sub-category: Weapons and equipment (PURL buys weapons)"),
    ("Explanation", "string", "what the aid is, as reported, with the capabilities it funds"),
    ("Measure", "string", "Commitment (announced or confirmed) or Allocation (committed to purchases or paid)"),
    ("Monetary Value as Given by Source", "number", "reported amount in Currency; empty when undisclosed or estimated"),
    ("Currency", "string", "ISO 4217"),
    ("Converted Value in EUR", "number", "the reported amount at the ECB rate of the announcement date"),
    ("Total monetary value delivered in EUR", "number", "a reported delivered value: none recorded per pledge"),
    *[(f"Source {i}", "string", "a source's URL, else its title") for i in range(1, SOURCE_COLUMNS + 1)],
    ("Ramstein: ISO3", "string", "ISO 3166-1 alpha-3 of the donor"),
    ("Ramstein: Status", "string", "announced, confirmed, committed or disbursed"),
    ("Ramstein: Confidence", "string", "official, reported, unconfirmed, or estimated for a derived figure"),
    ("Ramstein: Disclosed", "boolean", "false: the amount is undisclosed and every value is empty"),
    ("Ramstein: Joint Pledge", "string", "the other donors of a joint pledge, ';'-separated"),
    ("Ramstein: Estimated Value in Currency", "number",
     "an estimate: a GDP-split share of a joint pledge, or the unpublished remainder of a joint package"),
    ("Ramstein: Estimated Value in EUR", "number", "the same at the ECB rate of the announcement date"),
    ("Ramstein: Allocated Value in EUR", "number", "reported value committed to purchases or paid"),
    ("Ramstein: Estimated Allocated Value in EUR", "number", "the same for an estimated share"),
    ("Ramstein: Estimated Value Delivered in EUR", "number",
     "pro-rata share of what its package delivered (orders' cost per unit x units delivered)"),
    ("Ramstein: Package", "string", "PURL package the pledge funds, as reported"),
    ("Ramstein: Rate Provisional", "boolean", "converted at the latest published rate, to be re-converted"),
    ("Ramstein: Sources Not Listed", "integer", "sources beyond the four columns"),
]


def _eur(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(EUR_PLACES)


def _delivered_usd(package: PublicPackage, deliveries: list[PublicDelivery]) -> Decimal | None:
    """What a package delivered, valued at its orders' cost per unit; None when its costs are withheld."""
    if package.withheld:
        return None
    orders = {o.id: o for o in package.orders}
    total = Decimal(0)
    for d in deliveries:
        order = orders.get(d.order_id)
        if order is None or order.cost_usd is None or not order.quantity or d.quantity is None:
            continue
        total += order.cost_usd * d.quantity / order.quantity
    return total


def _delivered_shares(data: PublicData) -> dict[int, Decimal]:
    """Each paying pledge's pro-rata share (by USD) of its package's delivered value, in USD."""
    funding: dict[str, list[PublicPledge]] = defaultdict(list)
    for p in data.pledges:
        if p.package and p.status != "withdrawn":
            funding[p.package].append(p)
    deliveries: dict[str, list[PublicDelivery]] = defaultdict(list)
    for d in data.deliveries:
        deliveries[d.package].append(d)
    shares: dict[int, Decimal] = {}
    for package in data.packages:
        pledges = funding.get(package.ref, [])
        if not pledges or any(p.usd_amount is None for p in pledges):
            continue
        delivered = _delivered_usd(package, deliveries.get(package.ref, []))
        total = sum((p.usd_amount for p in pledges if p.usd_amount is not None), Decimal(0))
        if delivered is None or not total:
            continue
        for p in pledges:
            shares[p.id] = delivered * p.usd_amount / total  # type: ignore[operator]
    return shares


def _row(p: PublicPledge, donor: str, partners: list[str], delivered_usd: Decimal | None) -> dict[str, Any]:
    links = [s.url or s.title for s in p.sources]
    derived = p.estimated or p.confidence == "estimated"  # a GDP split, or a remainder we computed
    reported = p.disclosed and not derived
    estimated = p.disclosed and derived
    allocated = MEASURES[p.status] == "Allocation"
    eur_per_usd = (p.eur_amount / p.usd_amount) if p.eur_amount is not None and p.usd_amount else None
    row: dict[str, Any] = {
        "ID": p.id, "Countries": donor, "Announcement Date": p.date, "Type of Aid General": TYPE_GENERAL,
        "Type of Aid Specific": TYPE_SPECIFIC,
        "Explanation": "PURL: purchase of weapons for Ukraine" + (
            f" ({', '.join(p.categories)})" if p.categories else "") + (f". {p.note}" if p.note else ""),
        "Measure": MEASURES[p.status],
        "Monetary Value as Given by Source": p.amount if reported else None, "Currency": p.currency,
        "Converted Value in EUR": _eur(p.eur_amount) if reported else None,
        "Total monetary value delivered in EUR": None,
        "Ramstein: ISO3": p.nation, "Ramstein: Status": p.status,
        "Ramstein: Confidence": "estimated" if derived else p.confidence,
        "Ramstein: Disclosed": p.disclosed, "Ramstein: Joint Pledge": ";".join(partners),
        "Ramstein: Estimated Value in Currency": p.amount if estimated else None,
        "Ramstein: Estimated Value in EUR": _eur(p.eur_amount) if estimated else None,
        "Ramstein: Allocated Value in EUR": _eur(p.eur_amount) if reported and allocated else None,
        "Ramstein: Estimated Allocated Value in EUR": _eur(p.eur_amount) if estimated and allocated else None,
        "Ramstein: Estimated Value Delivered in EUR": (
            _eur(delivered_usd * eur_per_usd) if delivered_usd is not None and eur_per_usd is not None else None),
        "Ramstein: Package": p.package or "", "Ramstein: Rate Provisional": p.rate_provisional,
        "Ramstein: Sources Not Listed": max(0, len(links) - SOURCE_COLUMNS),
    }
    for i in range(SOURCE_COLUMNS):
        row[f"Source {i + 1}"] = links[i] if i < len(links) else ""
    return row


def kiel_tracker_rows(data: PublicData) -> list[dict[str, Any]]:
    """One row per released, not withdrawn pledge, in Kiel's column order (KIEL_FIELDS)."""
    groups: dict[str, list[str]] = defaultdict(list)
    for p in data.pledges:
        if p.joint_group:
            groups[p.joint_group].append(p.nation)
    shares = _delivered_shares(data)
    names = [f[0] for f in KIEL_FIELDS]
    rows = []
    for p in data.pledges:
        if p.status not in MEASURES:
            continue
        partners = sorted(c for c in groups.get(p.joint_group or "", []) if c != p.nation)
        row = _row(p, data.nations.get(p.nation, p.nation), partners, shares.get(p.id))
        rows.append({name: row[name] for name in names})
    return rows
