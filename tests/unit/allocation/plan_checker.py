"""Checks a written plan (JSON) against its instance (JSON) constraint by constraint, from scratch.

Returns the list of violations (empty when feasible) and the plan's value recomputed by the formula
of SPEC section 4, at the 1e-6 relative tolerance the spec sets.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

import jsonschema

from ramstein.allocation import Plan, SolveOptions, problem_from_dict, solve, to_json
from ramstein.allocation.instance import load_schema

TOL = 1e-6


def solve_checked(doc: dict[str, Any], **options) -> tuple[Plan, dict[str, Any]]:
    """Solve a document; fail unless the written plan is schema-valid, feasible and worth what it says."""
    plan = solve(problem_from_dict(doc), SolveOptions(**options))
    written = to_json(plan)
    jsonschema.validate(written, load_schema("plan"))
    violations, value = check_plan(doc, written)
    assert violations == [], violations
    assert abs(value - plan.objective) <= 1e-9 * max(1.0, abs(value)), (value, plan.objective)
    return plan, written


def _close_le(a: float, b: float) -> bool:
    return a <= b + TOL * max(1.0, abs(b))


def check_plan(doc: dict[str, Any], plan: dict[str, Any]) -> tuple[list[str], float]:
    T = doc["horizon_months"]
    rq = {r["id"]: r for r in doc["requirements"]}
    of = {o["id"]: o for o in doc["offers"]}
    pl = {p["id"]: p for p in doc["pools"]}
    bad: list[str] = []
    by_line, by_offer_month = defaultdict(float), defaultdict(float)
    spend_ct, spend_region = defaultdict(Decimal), defaultdict(Decimal)
    value = 0.0
    for o in plan["orders"]:
        r, off, t, q = rq[o["requirement"]], of[o["offer"]], o["month"], o["quantity"]
        if r["item"] != off["item"]:
            bad.append(f"order {o}: item mismatch")
        if q < 0 or t < 0 or t + off["lead_time"] > T - 1:
            bad.append(f"order {o}: quantity or month out of range")
        if off.get("integer") and q != int(q):
            bad.append(f"order {o}: fractional units of a whole-unit offer")
        cost = Decimal(off["unit_price"]) * Decimal(repr(float(q)))
        if Decimal(o["cost"]) != cost:
            bad.append(f"order {o}: cost {o['cost']} != {cost}")
        by_line[r["id"]] += q
        by_offer_month[off["id"], t] += q
        spend_ct[r["category"], t] += cost
        spend_region[off["region"]] += cost
        value += r["weight"] / r["quantity"] * doc["discount"] ** max(0, t + off["lead_time"] - r["need_by"]) * q
    for rid, q in by_line.items():
        if not _close_le(q, rq[rid]["quantity"]):
            bad.append(f"demand {rid}: {q} > {rq[rid]['quantity']}")
    for (oid, t), q in by_offer_month.items():
        c = of[oid]["capacity"]
        cap = c[t] if isinstance(c, list) else c
        if not _close_le(q, cap):
            bad.append(f"capacity {oid}/{t}: {q} > {cap}")
        if q > 0 and q < of[oid].get("min_order", 0) * (1 - TOL):
            bad.append(f"min order {oid}/{t}: {q} < {of[oid]['min_order']}")
    for oid, off in of.items():
        taken = sum(q for (o, _), q in by_offer_month.items() if o == oid)
        if off.get("source") == "stock" and not _close_le(taken, off["available_quantity"]):
            bad.append(f"stock {oid}: {taken} > {off['available_quantity']}")
    bad += _check_funding(plan, pl, spend_ct)
    bad += _check_policy(doc, spend_region)
    total = sum(spend_region.values(), Decimal(0))
    if Decimal(plan["total_cost"]) != total:
        bad.append(f"total cost {plan['total_cost']} != {total}")
    return bad, value


def _check_funding(plan, pl, spend_ct) -> list[str]:
    bad = []
    funded_ct, by_pool = defaultdict(Decimal), defaultdict(Decimal)
    for f in plan["funding"]:
        p = pl[f["pool"]]
        if p.get("categories") is not None and f["category"] not in p["categories"]:
            bad.append(f"funding {f}: category not allowed by the pool")
        if f["month"] < p.get("available_from", 0):
            bad.append(f"funding {f}: before the pool is available")
        funded_ct[f["category"], f["month"]] += Decimal(f["amount"])
        by_pool[f["pool"]] += Decimal(f["amount"])
    for key in set(spend_ct) | set(funded_ct):
        a, b = float(spend_ct[key]), float(funded_ct[key])
        if abs(a - b) > TOL * max(1.0, abs(a)):
            bad.append(f"funding {key}: spend {a} != funded {b}")
    for pid, amount in by_pool.items():
        if not _close_le(float(amount), float(pl[pid]["amount"])):
            bad.append(f"budget {pid}: {amount} > {pl[pid]['amount']}")
    return bad


def _check_policy(doc, spend_region) -> list[str]:
    bad = []
    total = float(sum(spend_region.values(), Decimal(0)))
    policy = doc.get("policy") or {}
    for region, share in (policy.get("min_spend_share") or {}).items():
        if float(spend_region[region]) < share * total - TOL * max(1.0, total):
            bad.append(f"policy: {region} share below {share}")
    for region, share in (policy.get("max_spend_share") or {}).items():
        if float(spend_region[region]) > share * total + TOL * max(1.0, total):
            bad.append(f"policy: {region} share above {share}")
    return bad
