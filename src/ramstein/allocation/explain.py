"""Why a requirement line is not fully met, and which extra dollar or unit would help most.

A reason is the first of these that holds: `no_offer` (nobody sells the item), `lead_time` (no
offer can deliver inside the horizon, given when money becomes available), `capacity` (every
offer-month that could serve the line is full), `money` (every pool that may pay for the line's
category is spent, or what is left cannot buy a whole unit / a minimum order), `policy` (money and
capacity are left but a regional share policy forbids using them).
"""

from __future__ import annotations

import numpy as np

from .build import Model, effective_capacity, pool_cover
from .plan import Plan
from .problem import Problem

# met within 1e-5: a lexicographic plan may give each tier up to 1e-6 of its value (SPEC section 4)
MET = 1 - 1e-5


def reasons(problem: Problem, model: Model, x: np.ndarray, ordered: np.ndarray,
            values: np.ndarray) -> list[str | None]:
    """One reason (or None when met) per requirement line; see the module docstring."""
    r, o = problem.requirements, problem.offers
    met = ordered >= r.quantity * MET
    has_offer = np.isin(np.array(r.items, dtype=object), np.array(o.items, dtype=object))
    has_column = np.bincount(model.x_req, minlength=len(r)) > 0
    money_left = _money_left_by_category(problem, model, values)
    full = _full_offer_months(problem, model, x)
    x_cap = model.y_cap[model.x_link]
    all_full = np.ones(len(r), bool)
    np.logical_and.at(all_full, model.x_req, full[x_cap])
    cat_index = {c: i for i, c in enumerate(model.categories)}
    out: list[str | None] = []
    for i in range(len(r)):
        if met[i]:
            out.append(None)
        elif not has_offer[i]:
            out.append("no_offer")
        elif not has_column[i]:
            out.append(_why_no_column(problem, i))
        elif all_full[i]:
            out.append("capacity")
        elif problem.policy and money_left[cat_index[r.categories[i]]] > 0:
            out.append("policy")
        else:
            out.append("money")
    return out


WORDS = {
    "no_offer": "no offer in the catalogue sells this item",
    "lead_time": "no offer can deliver it within the plan's horizon once money is available",
    "capacity": "every supplier month that could serve it is already full",
    "money": "the money that may pay for {category} is spent",
    "priority": "the money that may pay for {category} went to higher-priority lines first",
    "policy": "money and capacity are left, but a regional spending policy forbids using them",
}


def plain_words(problem: Problem, ordered: np.ndarray, reasons: list[str | None]) -> list[str | None]:
    """Each unmet line's reason for people: the item, what is short, and why (SPEC 3.5)."""
    r = problem.requirements
    out: list[str | None] = []
    for i, reason in enumerate(reasons):
        if reason is None:
            out.append(None)
            continue
        if reason == "money" and problem.priority_mode == "lexicographic" and r.priority[i] > 0:
            higher = (np.array(r.categories) == r.categories[i]) & (r.priority > 0) & (r.priority < r.priority[i])
            reason = "priority" if (ordered[higher] > 0).any() else reason
        short = float(r.quantity[i] - ordered[i])
        rank = f", priority {int(r.priority[i])}" if r.priority[i] > 0 else ""
        why = WORDS[reason].format(category=r.categories[i].replace("_", " "))
        out.append(f"{r.items[i]} ({r.ids[i]}{rank}): {short:,.4g} of {float(r.quantity[i]):,.4g} not ordered; "
                   f"{why}")
    return out


def _why_no_column(problem: Problem, line: int) -> str:
    """A line with offers but no order column: capacity zero, no money for its category, or too late."""
    o = problem.offers
    offers = [k for k, item in enumerate(o.items) if item == problem.requirements.items[line]]
    cap = effective_capacity(problem)
    if not cap[offers].any():
        return "capacity"
    cover = pool_cover(problem, problem.categories)[:, problem.categories.index(problem.requirements.categories[line])]
    if not cover.any():
        return "money"
    return "lead_time"


def _money_left_by_category(problem: Problem, model: Model, values: np.ndarray) -> np.ndarray:
    """Money (scaled) still unspent in the pools that may pay for each category (0 if none)."""
    spent = np.bincount(model.z_pool, np.clip(values[model.z_start:], 0, None), minlength=len(problem.pools))
    left = np.maximum(problem.pools.amount / model.money_scale - spent, 0.0)
    left[left <= 1e-6 * np.maximum(problem.pools.amount / model.money_scale, 1.0)] = 0.0
    cover = pool_cover(problem, model.categories)
    return (cover * left[:, None]).sum(axis=0)


def _full_offer_months(problem: Problem, model: Model, x: np.ndarray) -> np.ndarray:
    """Per offer-month with a column: is its capacity used up (to within one whole unit if integer)?"""
    x_cap = model.y_cap[model.x_link]
    used = np.bincount(x_cap, x, minlength=len(model.cap_col))
    upper = model.lp.col_upper[model.cap_col]
    slack = np.where(problem.offers.integer[model.cap_off], 1.0 - 1e-9, 1e-6 * np.maximum(upper, 1.0))
    return used >= upper - slack


def summary(plan: Plan, top: int = 5) -> list[str]:
    """A few lines for people: unmet lines by reason, the most valuable extra dollar and unit."""
    counts: dict[str, int] = {}
    for f in plan.fulfilment:
        if f.reason:
            counts[f.reason] = counts.get(f.reason, 0) + 1
    lines = [f"{n} line(s) short for {reason}" for reason, n in sorted(counts.items(), key=lambda kv: -kv[1])]
    if plan.duals is not None:
        pools = sorted(plan.duals.pools, key=lambda kv: -kv[1])
        if pools and pools[0][1] > 0:
            pid, value = pools[0]
            lines.append(f"most valuable extra money: pool {pid}, "
                         f"+{value * 1e6:.6g} value per 1,000,000 {plan.currency}")
        for cap in sorted(plan.duals.capacity, key=lambda c: -c.value)[:top]:
            lines.append(f"one more unit of {cap.offer} in month {cap.month}: +{cap.value:.6g} value")
    return lines
