"""An independent model of SPEC section 4, written naively in PuLP from the instance JSON.

It shares no code with the engine (not even the instance loader), so an error in the engine's
model building cannot hide in both. Used by the tests as the second solve and by the benchmark as
the naive baseline.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pulp

MONEY = 1e-6  # money in millions: CLP returns suboptimal "optimal" LPs with prices near 1e6 (seen on seed 593)


def build_pulp(doc: dict[str, Any]) -> tuple[pulp.LpProblem, dict]:
    """The model as a PuLP problem, one Python object per variable, constraints grouped by dicts."""
    T, disc = doc["horizon_months"], doc["discount"]
    reqs, offers, pools = doc["requirements"], doc["offers"], doc["pools"]
    cats = sorted({r["category"] for r in reqs} | {c for p in pools for c in (p.get("categories") or [])})
    prob = pulp.LpProblem("ramstein", pulp.LpMaximize)
    by_item = defaultdict(list)
    for o in offers:
        by_item[o["item"]].append(o)
    x, objective = {}, []
    by_line, by_offer_month, by_cat_month, by_region = (defaultdict(list) for _ in range(4))
    for r in reqs:
        for o in by_item[r["item"]]:
            price = float(o["unit_price"]) * MONEY
            for t in range(T - o["lead_time"]):
                v = pulp.LpVariable(f"x_{len(x)}", 0, None, pulp.LpInteger if o.get("integer") else pulp.LpContinuous)
                x[r["id"], o["id"], t] = v
                late = max(0, t + o["lead_time"] - r["need_by"])
                objective.append((v, r["weight"] / r["quantity"] * disc**late))
                by_line[r["id"]].append(v)
                by_offer_month[o["id"], t].append(v)
                by_cat_month[r["category"], t].append((v, price))
                by_region[o["region"]].append((v, price))
    prob += pulp.LpAffineExpression(objective)
    for r in reqs:
        prob += pulp.lpSum(by_line[r["id"]]) <= r["quantity"]
    for o in offers:
        _capacity(prob, o, T, by_offer_month)
    z_by_cat_month, z_by_pool = defaultdict(list), defaultdict(list)
    for i, p in enumerate(pools):
        for ci, c in enumerate(cats):
            if p.get("categories") is None or c in p["categories"]:
                for t in range(p.get("available_from", 0), T):
                    v = pulp.LpVariable(f"z_{i}_{ci}_{t}", 0)
                    z_by_cat_month[c, t].append(v)
                    z_by_pool[p["id"]].append(v)
    for c in cats:
        for t in range(T):
            prob += pulp.LpAffineExpression(by_cat_month[c, t]) == pulp.lpSum(z_by_cat_month[c, t])
    for p in pools:
        prob += pulp.lpSum(z_by_pool[p["id"]]) <= float(p["amount"]) * MONEY
    _policy(prob, doc, by_region)
    return prob, x


def _capacity(prob, o, T, by_offer_month) -> None:
    if o.get("source") == "stock":
        prob += pulp.lpSum(v for t in range(T) for v in by_offer_month[o["id"], t]) <= o["available_quantity"]
    for t in range(T):
        cap = o["capacity"][t] if isinstance(o["capacity"], list) else o["capacity"]
        total = pulp.lpSum(by_offer_month[o["id"], t])
        prob += total <= cap
        if o.get("min_order", 0) > 0:
            open_ = pulp.LpVariable(f"open_{o['id']}_{t}", cat=pulp.LpBinary)
            prob += total >= o["min_order"] * open_
            prob += total <= max(cap, 0) * open_


def _policy(prob, doc, by_region) -> None:
    policy = doc.get("policy") or {}
    total = pulp.LpAffineExpression([term for terms in by_region.values() for term in terms])
    for region, share in (policy.get("min_spend_share") or {}).items():
        prob += pulp.LpAffineExpression(by_region[region]) >= share * total
    for region, share in (policy.get("max_spend_share") or {}).items():
        prob += pulp.LpAffineExpression(by_region[region]) <= share * total


def solve_pulp(doc: dict[str, Any], gap: float = 1e-9, time_limit: float | None = None) -> tuple[float, bool]:
    """CBC's value (0 for an instance with nothing to order) and whether CBC proved it optimal."""
    prob, x = build_pulp(doc)
    if not x:
        return 0.0, True
    status = prob.solve(pulp.PULP_CBC_CMD(msg=False, gapRel=gap, timeLimit=time_limit))
    if pulp.LpStatus[status] != "Optimal":
        raise RuntimeError(f"CBC: {pulp.LpStatus[status]}")
    return float(pulp.value(prob.objective) or 0.0), prob.sol_status == pulp.LpSolutionOptimal


def solve_pulp_lexicographic(doc: dict[str, Any], tolerance: float = 1e-6,
                             gap: float = 1e-9) -> list[tuple[int, float]]:
    """Each priority tier's value, solved in turn, each keeping the earlier ones (less `tolerance`)."""
    prob, x = build_pulp(doc)
    T, disc = doc["horizon_months"], doc["discount"]
    lines = {r["id"]: r for r in doc["requirements"]}
    lead = {o["id"]: o["lead_time"] for o in doc["offers"]}
    terms: dict[int, list] = defaultdict(list)
    for (rid, oid, t), v in x.items():
        r = lines[rid]
        late = max(0, t + lead[oid] - r["need_by"])
        terms[r.get("priority", 0)].append((v, r["weight"] / r["quantity"] * disc**late))
    assert T > 0
    reached = []
    for tier in sorted(p for p in terms if p > 0) + ([0] if 0 in terms else []):
        expr = pulp.LpAffineExpression(terms[tier])
        prob.setObjective(expr)
        status = prob.solve(pulp.PULP_CBC_CMD(msg=False, gapRel=gap))
        if pulp.LpStatus[status] != "Optimal":
            raise RuntimeError(f"CBC: {pulp.LpStatus[status]}")
        value = float(pulp.value(expr) or 0.0)
        prob += expr >= value - tolerance * abs(value)
        if tier > 0:
            reached.append((tier, value))
    return reached
