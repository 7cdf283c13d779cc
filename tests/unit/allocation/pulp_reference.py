"""An independent model of SPEC section 4, written naively in PuLP from the instance JSON.

It shares no code with the engine (not even the instance loader), so an error in the engine's
model building cannot hide in both. Used by the tests as the second solve and by the benchmark as
the naive baseline.
"""

from __future__ import annotations

from typing import Any

import pulp


def build_pulp(doc: dict[str, Any]) -> tuple[pulp.LpProblem, dict]:
    T, disc = doc["horizon_months"], doc["discount"]
    reqs, offers, pools = doc["requirements"], doc["offers"], doc["pools"]
    cats = sorted({r["category"] for r in reqs} | {c for p in pools for c in (p.get("categories") or [])})
    cap = {(o["id"], t): (o["capacity"][t] if isinstance(o["capacity"], list) else o["capacity"])
           for o in offers for t in range(T)}
    prob = pulp.LpProblem("ramstein", pulp.LpMaximize)
    x = {}
    for r in reqs:
        for o in offers:
            if o["item"] != r["item"]:
                continue
            for t in range(T - o["lead_time"]):
                cat = pulp.LpInteger if o.get("integer") else pulp.LpContinuous
                x[r["id"], o["id"], t] = pulp.LpVariable(f"x_{len(x)}", 0, None, cat)
    z = {(p["id"], c, t): pulp.LpVariable(f"z_{i}_{ci}_{t}", 0)
         for i, p in enumerate(pools) for ci, c in enumerate(cats)
         if (p.get("categories") is None or c in p["categories"]) for t in range(p.get("available_from", 0), T)}
    rq = {r["id"]: r for r in reqs}
    of = {o["id"]: o for o in offers}
    prob += pulp.lpSum(rq[r]["weight"] / rq[r]["quantity"]
                       * disc ** max(0, t + of[o]["lead_time"] - rq[r]["need_by"]) * v for (r, o, t), v in x.items())
    for r in reqs:
        prob += pulp.lpSum(v for (ri, _, _), v in x.items() if ri == r["id"]) <= r["quantity"]
    for o in offers:
        for t in range(T):
            total = pulp.lpSum(v for (_, oi, ti), v in x.items() if oi == o["id"] and ti == t)
            prob += total <= cap[o["id"], t]
            if o.get("min_order", 0) > 0:
                open_ = pulp.LpVariable(f"open_{o['id']}_{t}", cat=pulp.LpBinary)
                prob += total >= o["min_order"] * open_
                prob += total <= max(cap[o["id"], t], 0) * open_
    spend = {}
    for c in cats:
        for t in range(T):
            spend[c, t] = pulp.lpSum(float(of[o]["unit_price"]) * v for (r, o, ti), v in x.items()
                                     if ti == t and rq[r]["category"] == c)
            prob += spend[c, t] == pulp.lpSum(v for (p, ci, ti), v in z.items() if ci == c and ti == t)
    for p in pools:
        prob += pulp.lpSum(v for (pi, _, _), v in z.items() if pi == p["id"]) <= float(p["amount"])
    _policy(prob, doc, x, of)
    return prob, x


def _policy(prob, doc, x, of) -> None:
    policy = doc.get("policy") or {}
    total = pulp.lpSum(float(of[o]["unit_price"]) * v for (_, o, _), v in x.items())
    for region, share in (policy.get("min_spend_share") or {}).items():
        prob += pulp.lpSum(float(of[o]["unit_price"]) * v for (_, o, _), v in x.items()
                           if of[o]["region"] == region) >= share * total
    for region, share in (policy.get("max_spend_share") or {}).items():
        prob += pulp.lpSum(float(of[o]["unit_price"]) * v for (_, o, _), v in x.items()
                           if of[o]["region"] == region) <= share * total


def solve_pulp(doc: dict[str, Any], gap: float = 1e-9, time_limit: float | None = None) -> tuple[float, bool]:
    """CBC's value (0 for an instance with nothing to order) and whether CBC proved it optimal."""
    prob, x = build_pulp(doc)
    if not x:
        return 0.0, True
    status = prob.solve(pulp.PULP_CBC_CMD(msg=False, gapRel=gap, timeLimit=time_limit))
    if pulp.LpStatus[status] != "Optimal":
        raise RuntimeError(f"CBC: {pulp.LpStatus[status]}")
    return float(pulp.value(prob.objective) or 0.0), prob.sol_status == pulp.LpSolutionOptimal
