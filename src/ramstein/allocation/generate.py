"""Random but plausible instances by seed, for benchmarks and property tests.

Shapes follow SPEC section 4: each line has about `offers_per_line` offers (lines share items, each
item sold by a few suppliers), money covers only part of the demand so that money, capacity and
lead times all bind somewhere, and some pools are earmarked or arrive late.
"""

from __future__ import annotations

from typing import Any

import numpy as np

CATEGORIES = ("air_defense", "long_range_fires", "artillery", "armour", "drones", "ammunition",
              "electronic_warfare", "sustainment")
REGIONS = ("US", "EU", "UA", "OTHER")
SIZES = {
    "small": {"pools": 10, "lines": 100, "offers": 30, "months": 12},
    "medium": {"pools": 60, "lines": 2000, "offers": 200, "months": 36},
    "large": {"pools": 100, "lines": 10_000, "offers": 500, "months": 60},
}


def random_instance(seed: int, *, pools: int, lines: int, offers: int, months: int, offers_per_line: int = 3,
                    integer_share: float = 0.0, min_order_share: float = 0.0, policy: bool = True,
                    money_share: float = 0.35, stock_share: float = 0.0) -> dict[str, Any]:
    """An instance document (valid against instance.schema.json) drawn from `seed`.

    `stock_share` of the offers become stock offers (delivered in 0-1 month from a fixed quantity),
    drawn from a stream of their own so the rest of the instance is the same as without them.
    """
    rng = np.random.default_rng(seed)
    n_items = max(1, offers // offers_per_line)
    item_cat = rng.integers(0, len(CATEGORIES), n_items)
    item_price = np.round(10 ** rng.uniform(3, 6.5, n_items), -1)
    offer_item = np.concatenate([np.arange(n_items), rng.integers(0, n_items, max(offers - n_items, 0))])[:offers]
    line_item = rng.integers(0, n_items, lines)
    quantity = np.maximum(1, np.round(rng.lognormal(np.log(2e6 / item_price[line_item] + 1), 0.8)))
    offer_list = _offers(rng, offer_item, item_price, quantity, line_item, months, integer_share, min_order_share)
    if stock_share:
        _make_stock(np.random.default_rng(seed + 7919), offer_list, months, stock_share)
    priority = rng.integers(1, 6, lines)
    reqs = [{"id": f"R{i}", "item": f"item-{line_item[i]}", "category": CATEGORIES[item_cat[line_item[i]]],
             "quantity": int(quantity[i]), "priority": int(priority[i]),
             "weight": round(float(100 / priority[i] * rng.uniform(0.5, 1.5)), 3),
             "need_by": int(rng.integers(0, months))} for i in range(lines)]
    demand_cost = float((quantity * item_price[line_item]).sum())
    doc = {"version": 1, "name": f"random seed {seed}", "currency": "USD", "start": "2026-01",
           "horizon_months": months, "discount": 0.97, "pools": _pools(rng, pools, months, demand_cost * money_share),
           "requirements": reqs, "offers": offer_list}
    if policy:
        doc["policy"] = {"min_spend_share": {"EU": 0.2}, "max_spend_share": {"US": 0.75}}
    return doc


def _offers(rng, offer_item, item_price, quantity, line_item, months, integer_share, min_order_share) -> list[dict]:
    demand = np.bincount(line_item, quantity, minlength=len(item_price))
    sellers = np.bincount(offer_item, minlength=len(item_price))
    out = []
    for k, item in enumerate(offer_item):
        monthly = demand[item] / max(sellers[item], 1) / months * rng.uniform(0.8, 2.5)
        cap: float | list[float] = round(float(monthly), 1)
        if rng.random() < 0.3:  # a production ramp
            cap = [round(float(monthly * min(1.0, 0.3 + t / 6)), 1) for t in range(months)]
        integer = bool(rng.random() < integer_share)
        min_order = round(float(monthly * rng.uniform(0.1, 0.5)), 0) if rng.random() < min_order_share else 0
        out.append({"id": f"O{k}", "item": f"item-{item}", "supplier": f"supplier-{rng.integers(0, 40)}",
                    "region": REGIONS[int(rng.choice(4, p=[0.55, 0.35, 0.05, 0.05]))],
                    "unit_price": str(int(item_price[item] * rng.uniform(0.8, 1.3))),
                    "lead_time": int(rng.integers(0, max(2, months // 3))), "capacity": cap,
                    "min_order": min_order, "integer": integer})
    return out


def _make_stock(rng, offers: list[dict], months: int, share: float) -> None:
    for offer in offers:
        if rng.random() < share:
            cap = offer["capacity"]
            total = sum(cap) if isinstance(cap, list) else cap * months
            offer.update(source="stock", lead_time=min(offer["lead_time"], 1),
                         available_quantity=round(float(total * rng.uniform(0.2, 0.8)), 0))


def _pools(rng, count: int, months: int, money: float) -> list[dict]:
    shares = rng.dirichlet(np.ones(count))
    out = []
    for p in range(count):
        earmark = None
        if rng.random() < 0.3:
            earmark = sorted({CATEGORIES[i] for i in rng.integers(0, len(CATEGORIES), rng.integers(1, 4))})
        out.append({"id": f"P{p}", "donor": "NLD", "amount": str(int(money * shares[p]) + 1),
                    "categories": earmark, "available_from": int(rng.integers(0, max(1, months // 3)))})
    return out


def sized_instance(size: str, seed: int, **kw) -> dict[str, Any]:
    """One of the three benchmark sizes of SPEC section 4."""
    return random_instance(seed, **SIZES[size], **kw)
