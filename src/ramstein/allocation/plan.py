"""The result of one allocation run, as immutable records, and its JSON form (`plan.schema.json`).

Money stays `Decimal` until it is written, as an exact decimal string; quantities and values are
floats because they come out of a floating-point solver anyway.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Order:
    requirement: str
    offer: str
    month: int
    delivery_month: int
    quantity: float
    cost: Decimal


@dataclass(frozen=True)
class Funding:
    pool: str
    category: str
    month: int
    amount: Decimal


@dataclass(frozen=True)
class Fulfilment:
    requirement: str
    ordered: float
    fraction: float
    value: float
    reason: str | None = None  # money, capacity, lead_time, no_offer, policy; None when fully met
    why: str | None = None  # the reason in plain words, with the item and the shortfall


@dataclass(frozen=True)
class CapacityDual:
    offer: str
    month: int
    value: float  # objective gained per extra unit of capacity in that month


@dataclass(frozen=True)
class Duals:
    """Marginal values; `source` says which LP they come from (for a MILP, integers fixed)."""

    pools: tuple[tuple[str, float], ...]  # objective gained per extra unit of money in the pool
    capacity: tuple[CapacityDual, ...]
    source: str = "lp"


@dataclass(frozen=True)
class SolverInfo:
    name: str
    build_seconds: float
    solve_seconds: float
    variables: int
    constraints: int
    nonzeros: int = 0
    integer_variables: int = 0
    money_scale: float = 1.0
    gap: float | None = None  # relative gap to the best proven bound
    stages: tuple[str, ...] = ()
    choice: str = ""  # why this solver ran: "requested" or "default for LP" / "default for MILP"


@dataclass(frozen=True)
class Plan:
    status: str
    objective: float
    bound: float | None
    total_cost: Decimal
    currency: str
    orders: tuple[Order, ...]
    funding: tuple[Funding, ...]
    fulfilment: tuple[Fulfilment, ...]
    solver: SolverInfo
    duals: Duals | None = None
    notes: tuple[str, ...] = field(default=())
    priority_mode: str = "weighted"
    # lexicographic plans: (priority, value reached) per ranked tier, in order
    tiers: tuple[tuple[int, float], ...] = ()

    @property
    def lines_fully_met(self) -> int:
        return sum(1 for f in self.fulfilment if f.reason is None)

    def fulfilment_of(self, requirement: str) -> Fulfilment:
        return next(f for f in self.fulfilment if f.requirement == requirement)


def money_text(amount: Decimal) -> str:
    """Exact decimal text without exponent or trailing zeros: Decimal('1.2E+7') -> '12000000'."""
    text = format(amount, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def to_json(plan: Plan) -> dict[str, Any]:
    """The plan as a JSON-ready dict in the format of `plan.schema.json`."""
    doc: dict[str, Any] = {
        "status": plan.status, "objective": plan.objective, "bound": plan.bound,
        "total_cost": money_text(plan.total_cost), "currency": plan.currency,
        "orders": [{"requirement": o.requirement, "offer": o.offer, "month": o.month,
                    "delivery_month": o.delivery_month, "quantity": o.quantity, "cost": money_text(o.cost)}
                   for o in plan.orders],
        "funding": [{"pool": f.pool, "category": f.category, "month": f.month, "amount": money_text(f.amount)}
                    for f in plan.funding],
        "fulfilment": [{"requirement": f.requirement, "ordered": f.ordered, "fraction": f.fraction,
                        "value": f.value, "reason": f.reason, **({"why": f.why} if f.why else {})}
                       for f in plan.fulfilment],
        "solver": {k: (list(v) if isinstance(v, tuple) else v) for k, v in plan.solver.__dict__.items()},
        "priority_mode": plan.priority_mode,
    }
    if plan.tiers:
        doc["tiers"] = [{"priority": p, "value": v} for p, v in plan.tiers]
    if plan.duals is not None:
        doc["duals"] = {"source": plan.duals.source, "pools": dict(plan.duals.pools),
                        "capacity": [{"offer": c.offer, "month": c.month, "value": c.value}
                                     for c in plan.duals.capacity]}
    if plan.notes:
        doc["notes"] = list(plan.notes)
    return doc


def write_plan(plan: Plan, path: str | Path) -> None:
    Path(path).write_text(json.dumps(to_json(plan), indent=1) + "\n")
