"""Industry's win: where the money goes, by supplier, origin region and production site.

Europe's share is spending on offers of region EU; the U.S. share on region US; both of the total.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from ramstein.reports.figures import money, pct
from ramstein.reports.snapshot import OfferFact, OrderFact

UNSPECIFIED = "(site not given)"


def _by(orders: list[tuple[OrderFact, OfferFact]], key: str, total: Decimal) -> list[dict[str, Any]]:
    sums: dict[str, Decimal] = defaultdict(Decimal)
    for order, offer in orders:
        sums[getattr(offer, key) or UNSPECIFIED] += order.cost_usd
    rows = [{key: name, "usd": money(v), "share_pct": pct(v, total)} for name, v in sums.items()]
    return sorted(rows, key=lambda r: (-r["usd"], r[key]))


def industry_section(orders: tuple[OrderFact, ...] | None, offers: tuple[OfferFact, ...],
                     basis: str) -> dict[str, Any]:
    """Dollars of `orders` by supplier, region and site; `orders` None means there is nothing to show."""
    if orders is None:
        return {"basis": basis, "total_usd": None, "by_supplier": [], "by_region": [], "by_site": [],
                "europe_share_pct": None, "us_share_pct": None, "unknown_offers": []}
    catalog = {o.ref: o for o in offers}
    known = [(o, catalog[o.offer]) for o in orders if o.offer in catalog]
    total = money(sum((o.cost_usd for o, _ in known), Decimal(0)))
    regions = {r["region"]: r["usd"] for r in _by(known, "region", total)}
    return {
        "basis": basis, "total_usd": total,
        "by_supplier": _by(known, "supplier", total), "by_region": _by(known, "region", total),
        "by_site": _by(known, "site", total),
        "europe_share_pct": pct(regions.get("EU", Decimal(0)), total),
        "us_share_pct": pct(regions.get("US", Decimal(0)), total),
        "unknown_offers": sorted({o.offer for o in orders if o.offer not in catalog}),
    }
