"""From solver column values back to domain records: orders, funding, fulfilment, duals.

The written plan is what counts, so everything reported (value, cost, shares) is recomputed here
from the rounded quantities and exact decimal prices, not copied from the solver's figures.
"""

from __future__ import annotations

import math
from decimal import ROUND_FLOOR, ROUND_HALF_EVEN, Decimal

import numpy as np

from .build import Model
from .plan import CapacityDual, Duals, Funding, Order
from .problem import Problem

CENT = Decimal("0.01")


def clean_quantities(problem: Problem, model: Model, values: np.ndarray) -> np.ndarray:
    """Order quantities as written: whole units where required, else 12 significant digits.

    Continuous quantities are cut down, never up, so no row is pushed over its bound by writing the
    plan; solver dust (below 1e-9 of the line's quantity) is dropped.
    """
    x = np.clip(values[: model.n_x], 0.0, None)
    integer = problem.offers.integer[model.x_off]
    x[x < 1e-9 * problem.requirements.quantity[model.x_req]] = 0.0
    x = np.where(integer, np.round(x), x)
    for j in np.flatnonzero((x > 0) & ~integer):
        x[j] = _cut(float(x[j]))
    return x


def _cut(q: float) -> float:
    """q cut to 12 significant digits (values within 1e-9 relative of a whole number snap to it)."""
    if abs(q - round(q)) <= 1e-9 * max(q, 1.0):
        return float(round(q))
    exp = Decimal(1).scaleb(math.floor(math.log10(q)) - 11)
    return float(Decimal(repr(q)).quantize(exp, ROUND_FLOOR))


def order_values(problem: Problem, model: Model, x: np.ndarray) -> np.ndarray:
    """Value of each order column at quantities x (the objective, term by term)."""
    return model.lp.objective[: model.n_x] * x


def orders(problem: Problem, model: Model, x: np.ndarray) -> tuple[tuple[Order, ...], dict[int, Decimal]]:
    """Orders with exact costs, and the exact spend per funding row."""
    r, o = problem.requirements, problem.offers
    spend: dict[int, Decimal] = {}
    out = []
    for j in np.flatnonzero(x > 0):
        off = int(model.x_off[j])
        qty = float(x[j])
        cost = o.unit_prices[off] * Decimal(repr(qty))
        row = int(model.y_fund[model.x_link[j]])
        spend[row] = spend.get(row, Decimal(0)) + cost
        month = int(model.x_month[j])
        out.append(Order(r.ids[model.x_req[j]], o.ids[off], month, month + int(o.lead_time[off]),
                         int(qty) if qty.is_integer() else qty, cost))
    return tuple(out), spend


def funding(problem: Problem, model: Model, values: np.ndarray, spend: dict[int, Decimal]) -> tuple[Funding, ...]:
    """Split each category-month's exact spend over the pools the solver drew it from.

    Shares follow the solver's z; amounts are rounded to cents with the remainder on the biggest
    share, so the split always adds up exactly to the spend.
    """
    z = np.clip(values[model.z_start:], 0.0, None)
    out: list[Funding] = []
    for row in sorted(spend):
        total = spend[row]
        if total <= 0:
            continue
        zs = np.flatnonzero(model.z_fund == row)
        weights = z[zs] if z[zs].sum() > 0 else np.ones(len(zs))
        shares = weights / weights.sum()
        amounts = [(total * Decimal(repr(float(s)))).quantize(CENT, ROUND_HALF_EVEN) for s in shares]
        biggest = int(np.argmax(shares))
        amounts[biggest] += total - sum(amounts, Decimal(0))
        cat, month = model.categories[model.fund_cat[row]], int(model.fund_month[row])
        out += [Funding(problem.pools.ids[model.z_pool[k]], cat, month, a)
                for k, a in zip(zs, amounts, strict=True) if a != 0]
    return tuple(out)


def duals(problem: Problem, model: Model, row_dual: np.ndarray, col_dual: np.ndarray,
          source: str) -> Duals:
    """Value of one more unit of money per pool and one more unit of capacity per offer-month."""
    start = model.rows["budget"]
    per_money = row_dual[start:start + len(problem.pools)] / model.money_scale
    pools = tuple((pid, float(max(v, 0.0))) for pid, v in zip(problem.pools.ids, per_money, strict=True))
    cap = col_dual[model.cap_col]
    tol = 1e-9 * max(1.0, float(np.abs(model.lp.objective).max(initial=0.0)))
    capacity = tuple(CapacityDual(problem.offers.ids[model.cap_off[k]], int(model.cap_month[k]), float(cap[k]))
                     for k in np.flatnonzero(cap > tol))
    return Duals(pools, capacity, source)
