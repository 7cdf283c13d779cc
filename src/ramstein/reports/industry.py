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
    assumed: set[str] = set()
    for order, offer in orders:
        name = getattr(offer, key) or UNSPECIFIED
        sums[name] += order.cost_usd
        if offer.illustrative:
            assumed.add(name)
    rows = [{key: name, "usd": money(v), "share_pct": pct(v, total), "illustrative": name in assumed}
            for name, v in sums.items()]
    return sorted(rows, key=lambda r: (-r["usd"], r[key]))


def industry_section(orders: tuple[OrderFact, ...] | None, offers: tuple[OfferFact, ...],
                     basis: str) -> dict[str, Any]:
    """Dollars of `orders` by supplier, region and site; `orders` None means there is nothing to show.

    The headline figures count only orders from sourced offers; orders resting on an illustrative
    catalogue row (an assumed price, lead time or capacity) are summed apart (`illustrative_usd`) and
    shown with them only in `with_illustrative`, every row of which says whether it rests on them.
    """
    if orders is None:
        return {"basis": basis, "total_usd": None, "by_supplier": [], "by_region": [], "by_site": [],
                "europe_share_pct": None, "us_share_pct": None, "unknown_offers": [], "illustrative_usd": None,
                "with_illustrative": None}
    catalog = {o.ref: o for o in offers}
    known = [(o, catalog[o.offer]) for o in orders if o.offer in catalog]
    sourced = [(o, f) for o, f in known if not f.illustrative]
    illustrative = money(sum((o.cost_usd for o, f in known if f.illustrative), Decimal(0)))
    return {"basis": basis, **_spending(sourced), "illustrative_usd": illustrative,
            "illustrative_note": ("orders resting on illustrative catalogue figures (assumed prices, lead times or "
                                  "capacities) are left out of the headline figures and shown in with_illustrative"),
            "with_illustrative": _spending(known),
            "unknown_offers": sorted({o.offer for o in orders if o.offer not in catalog})}


def _spending(orders: list[tuple[OrderFact, OfferFact]]) -> dict[str, Any]:
    total = money(sum((o.cost_usd for o, _ in orders), Decimal(0)))
    regions = {r["region"]: r["usd"] for r in _by(orders, "region", total)}
    return {
        "total_usd": total,
        "by_supplier": _by(orders, "supplier", total), "by_region": _by(orders, "region", total),
        "by_site": _by(orders, "site", total),
        "europe_share_pct": pct(regions.get("EU", Decimal(0)), total),
        "us_share_pct": pct(regions.get("US", Decimal(0)), total),
    }
