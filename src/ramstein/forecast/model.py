"""The forecast's input as arrays: the plan's orders as production batches queued per offer.

Each order (line, offer, month) is a batch entering the offer's production in its order month;
batches of one offer are served first come, first served (same month: higher priority first), at
the offer's capacity of that month. Without delays or shortfalls every batch finishes within its
order month and arrives `lead_time` months later, exactly as the plan says.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ramstein.forecast.risk import DEFAULT_RISK, STOCK_RISK, OfferRisk


@dataclass(frozen=True, eq=False)
class ForecastInput:
    start: str  # calendar month of month 0, YYYY-MM
    line_ids: tuple[str, ...]
    line_category: tuple[str, ...]
    line_priority: np.ndarray
    line_quantity: np.ndarray
    line_need_by: np.ndarray
    line_ordered: np.ndarray  # units the plan orders for each line
    offer_ids: tuple[str, ...]
    offer_lead: np.ndarray  # int months
    risks: tuple[OfferRisk, ...]
    # batches, sorted by (offer, month, priority, line)
    batch_offer: np.ndarray
    batch_line: np.ndarray
    batch_month: np.ndarray
    batch_qty: np.ndarray
    batch_capacity: np.ndarray  # capacity of the batch's offer in its order month (> 0)
    queue: np.ndarray  # (offers, max batches per offer): batch index or -1

    @property
    def planned(self) -> np.ndarray:
        """Each batch's planned delivery month."""
        return self.batch_month + self.offer_lead[self.batch_offer]


def _capacity(offer: dict[str, Any], month: int) -> float:
    cap = offer["capacity"]
    return float(cap[month] if isinstance(cap, list) else cap)


def inputs_from_plan(instance: dict[str, Any], plan: dict[str, Any],
                     risks: dict[str, OfferRisk] | None = None, default: OfferRisk = DEFAULT_RISK) -> ForecastInput:
    """Arrays for `simulate` from an instance document and its plan (both as in the JSON schemas)."""
    risks = risks or {}
    lines = instance["requirements"]
    line_index = {x["id"]: i for i, x in enumerate(lines)}
    offers = instance["offers"]
    offer_index = {o["id"]: i for i, o in enumerate(offers)}
    ordered = np.zeros(len(lines))
    rows = []
    for order in plan.get("orders", []):
        qty = float(order["quantity"])
        if qty <= 0:
            continue
        o, r, t = offer_index[order["offer"]], line_index[order["requirement"]], int(order["month"])
        ordered[r] += qty
        priority = lines[r].get("priority", 0)
        rows.append((o, t, priority, r, qty, max(_capacity(offers[o], t), qty * 1e-9)))
    rows.sort()
    batch = np.array(rows, dtype=np.float64).reshape(-1, 6)
    b_offer = batch[:, 0].astype(np.int64)
    counts = np.bincount(b_offer, minlength=len(offers))
    queue = np.full((len(offers), int(counts.max()) if len(rows) else 0), -1, dtype=np.int64)
    first = np.concatenate([[0], np.cumsum(counts)[:-1]])
    position = np.arange(len(rows)) - first[b_offer]
    queue[b_offer, position] = np.arange(len(rows))
    return ForecastInput(
        start=instance["start"], line_ids=tuple(line_index), line_category=tuple(x["category"] for x in lines),
        line_priority=np.array([x.get("priority", 0) for x in lines], dtype=np.int64),
        line_quantity=np.array([float(x["quantity"]) for x in lines]),
        line_need_by=np.array([int(x["need_by"]) for x in lines], dtype=np.int64), line_ordered=ordered,
        offer_ids=tuple(offer_index), offer_lead=np.array([int(o["lead_time"]) for o in offers], dtype=np.int64),
        risks=tuple(risks.get(o["id"], STOCK_RISK if o.get("source") == "stock" else default) for o in offers),
        batch_offer=b_offer, batch_line=batch[:, 3].astype(np.int64), batch_month=batch[:, 1].astype(np.int64),
        batch_qty=batch[:, 4], batch_capacity=batch[:, 5], queue=queue,
    )
