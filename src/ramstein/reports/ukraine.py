"""Ukraine's win: how much of the requirement list is funded, ordered and delivered, and when it completes.

Values are at a reference price, the cheapest catalog offer for the line's item in USD, so a share
is "units covered x reference price / list value" and never exceeds 100% of a line. Dollars actually
committed (funded_usd, ordered_usd, delivered_usd) are shown beside the shares at their real prices.
funded: the plan's orders; ordered: orders in contracted-or-later packages; delivered: deliveries
against those orders.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from ramstein.reports.figures import money, pct
from ramstein.reports.snapshot import LineFact, OrderFact, Snapshot

STAGES = ("funded", "ordered", "delivered")


def reference_prices(snapshot: Snapshot) -> dict[str, Decimal]:
    """Cheapest USD unit price per item over the catalog."""
    prices: dict[str, Decimal] = {}
    for offer in snapshot.offers:
        if offer.unit_price_usd is not None:
            prices[offer.item] = min(prices.get(offer.item, offer.unit_price_usd), offer.unit_price_usd)
    return prices


def _per_line(orders: tuple[OrderFact, ...], delivered: bool = False) -> dict[str, tuple[Decimal, Decimal]]:
    """Line ref -> (units, USD); for deliveries, units delivered and their share of the order's cost."""
    out: dict[str, list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
    for o in orders:
        units = o.delivered if delivered else o.quantity
        cost = o.cost_usd * units / o.quantity if delivered and o.quantity else o.cost_usd
        out[o.requirement][0] += units
        out[o.requirement][1] += cost
    return {k: (v[0], money(v[1])) for k, v in out.items()}


def _line_row(line: LineFact, price: Decimal | None, stages: dict[str, dict | None],
              snapshot: Snapshot) -> dict[str, Any]:
    value = money(line.quantity * price) if price is not None else None
    row: dict[str, Any] = {
        "requirement": line.ref, "item": line.item, "category": line.category, "priority": line.priority,
        "quantity": line.quantity, "need_by": line.need_by.strftime("%Y-%m"), "reference_price_usd": price,
        "required_value_usd": value, "illustrative": line.illustrative,
    }
    for stage, found in stages.items():
        units, usd = found.get(line.ref, (Decimal(0), Decimal(0))) if found is not None else (None, None)
        covered = money(min(units, line.quantity) * price) if units is not None and price is not None else None
        row[f"{stage}_units"], row[f"{stage}_usd"] = units, usd
        row[f"{stage}_value_usd"], row[f"{stage}_share_pct"] = covered, pct(covered, value)
    done = snapshot.completion.get(line.ref)
    row["expected_p50"], row["expected_p90"] = (done.p50, done.p90) if done else (None, None)
    return row


def _group(rows: list[dict[str, Any]], key: str, snapshot: Snapshot) -> list[dict[str, Any]]:
    groups: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        groups[row[key]].append(row)
    out = []
    for name in sorted(groups):
        members = groups[name]
        priced = [r for r in members if r["required_value_usd"] is not None]
        value = money(sum((r["required_value_usd"] for r in priced), Decimal(0)))
        group: dict[str, Any] = {key: name, "lines": len(members), "unpriced_lines": len(members) - len(priced),
                                 "required_value_usd": value}
        for stage in STAGES:
            if any(r[f"{stage}_usd"] is None for r in members):
                group[f"{stage}_usd"] = group[f"{stage}_value_usd"] = group[f"{stage}_share_pct"] = None
                continue
            group[f"{stage}_usd"] = money(sum((r[f"{stage}_usd"] for r in members), Decimal(0)))
            covered = money(sum((r[f"{stage}_value_usd"] for r in priced), Decimal(0)))
            group[f"{stage}_value_usd"], group[f"{stage}_share_pct"] = covered, pct(covered, value)
        if key == "category":
            done = snapshot.completion.get(f"category:{name}")
            group["expected_p50"], group["expected_p90"] = (done.p50, done.p90) if done else (None, None)
        out.append(group)
    return out


def ukraine_section(snapshot: Snapshot) -> dict[str, Any]:
    prices = reference_prices(snapshot)
    stages: dict[str, dict | None] = {
        "funded": _per_line(snapshot.plan.orders) if snapshot.plan else None,
        "ordered": _per_line(snapshot.package_orders),
        "delivered": _per_line(snapshot.package_orders, delivered=True),
    }
    rows = [_line_row(x, prices.get(x.item), stages, snapshot) for x in snapshot.lines]
    return {
        "requirement_version": snapshot.requirement_version,
        "basis": {"funded": snapshot.plan_reason, "ordered": "orders in contracted, delivering or delivered packages",
                  "delivered": "deliveries recorded against those orders",
                  "expected": snapshot.completion_reason,
                  "value": "quantity x the cheapest catalog offer for the item, in USD at its price date's rate"},
        "by_category": _group(rows, "category", snapshot),
        "by_priority": _group(rows, "priority", snapshot),
        "lines": rows,
    }
