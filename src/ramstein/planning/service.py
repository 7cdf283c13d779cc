"""Plans on the database's data: `solve_plan` builds and solves one on the ledger as read, `store_plan`
stores it (`run_plan` does both), `solve_whatif`/`store_whatif` a scenario beside its base, and
`adopt_plan` puts one in force.

Plans are immutable; adoption is a dated mark, and the latest adopted plan is the one in force.
Services flush; the entrypoint commits.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from ramstein.allocation import SolveOptions, problem_from_dict, problem_to_dict, solve, to_json
from ramstein.allocation.scenario import apply_changes, check_changes
from ramstein.audit.log import record
from ramstein.auth.actor import Actor
from ramstein.auth.policy import CREATE, UPDATE, Target, require
from ramstein.errors import Conflict
from ramstein.models import Plan
from ramstein.planning.instance_from_db import DEFAULT_DISCOUNT, DEFAULT_HORIZON, attribute_funding, build_instance
from ramstein.planning.pooling import named_pledges
from ramstein.planning.repository import get_adopted_plan, get_plan

ADOPTABLE = ("optimal", "feasible", "time_limit")


def has_solution(status: str, orders: list[Any]) -> bool:
    """Whether a solve's answer is a plan: proven or feasible, or stopped by its time limit with orders
    found (a solve stopped before it found any orders has nothing to adopt; issue 19)."""
    return status in ("optimal", "feasible") or (status in ADOPTABLE and bool(orders))


def gap_text(status: str, result: dict[str, Any]) -> str | None:
    """How far an unproven plan may be from the best: its relative gap to the bound proven, or why unknown."""
    if status == "optimal":
        return None
    gap = result.get("solver", {}).get("gap")
    return "no bound proven (the gap is unknown)" if gap is None else f"{gap:.4%} from the best bound proven"


@dataclass(frozen=True)
class SolvedPlan:
    """A plan computed on the ledger as read, not yet stored.

    Solving takes seconds to minutes, so it runs outside the write transaction (on a reading
    session) and only storing it is a write: other writes do not wait for the solver. The plan
    keeps the instance it was solved on, so what it was based on stays exact.
    """

    requirement_version: int | None
    scenario: dict[str, Any] | None
    instance: dict[str, Any]
    result: dict[str, Any]
    status: str
    objective: float
    total_cost: Decimal
    time_limit: float | None = None  # seconds it was given, to name in a refusal


def solve_plan(session: Session, actor: Actor, scenario: dict[str, Any] | None = None, *,
               start: dt.date | None = None, horizon: int = DEFAULT_HORIZON, discount: float = DEFAULT_DISCOUNT,
               options: SolveOptions | None = None) -> SolvedPlan:
    """Allocate the ledger's pooled money to the current list.

    `scenario` is a CHANGES document of allocation/scenario.py (a what-if applied to the ledger's instance).
    The time limit of `options` counts from here: reading the ledger and building the model spend it too.
    """
    return _solve_on_ledger(session, actor, scenario, start, horizon, discount, options, deadline_of(options))


def deadline_of(options: SolveOptions | None) -> float | None:
    """When a request's time limit runs out (time.monotonic), or None without a limit."""
    limit = options.time_limit if options else None
    return None if limit is None else time.monotonic() + limit


def _left(options: SolveOptions | None, deadline: float | None) -> SolveOptions:
    """`options` with what remains of the request's time limit (0 when it has run out)."""
    found = options or SolveOptions()
    return found if deadline is None else replace(found, time_limit=max(deadline - time.monotonic(), 0.0))


def _solve_on_ledger(session: Session, actor: Actor, scenario: dict[str, Any] | None, start: dt.date | None,
                     horizon: int, discount: float, options: SolveOptions | None,
                     deadline: float | None) -> SolvedPlan:
    require(actor, CREATE, Target("plan"))
    if scenario:
        check_changes(scenario)  # before the ledger is read: a scenario too large is refused at once
    built = build_instance(session, actor, start=start, horizon=horizon, discount=discount,
                           keep_apart=named_pledges(scenario))
    problem = problem_from_dict(built.instance)
    instance = built.instance
    if scenario:
        problem = apply_changes(problem, scenario)
        instance = problem_to_dict(problem)
    result = solve(problem, _left(options, deadline))
    doc = to_json(result)
    doc["inputs"] = built.trace
    attribute_funding(built, doc["funding"])
    return SolvedPlan(requirement_version=built.requirement_version, scenario=scenario or None, instance=instance,
                      result=doc, status=result.status, objective=float(result.objective),
                      total_cost=Decimal(result.total_cost), time_limit=options.time_limit if options else None)


def store_plan(session: Session, actor: Actor, solved: SolvedPlan) -> Plan:
    """Store a solved plan; a solve without a solution (stopped by its time limit before it found any
    orders, or failed) is refused, naming the limit: nothing is stored that could be adopted."""
    require(actor, CREATE, Target("plan"))
    if not has_solution(solved.status, solved.result["orders"]):
        limit = f"its time limit of {solved.time_limit:g} s" if solved.time_limit is not None else "its limit"
        why = f"stopped at {limit}" if solved.status == "time_limit" else f"ended {solved.status}"
        raise Conflict(f"the solve {why} without a plan; nothing was stored: give it more time "
                       f"(--time-limit, or time_limit in the request)", field="time_limit")
    plan = Plan(requirement_version=solved.requirement_version, scenario=solved.scenario, instance=solved.instance,
                result=solved.result, status=solved.status, objective=solved.objective,
                total_cost=solved.total_cost, created_by=actor.name)
    session.add(plan)
    session.flush()
    record(session, actor, "created", "plan", plan.id, None,
           {"status": plan.status, "objective": plan.objective, "total_cost": plan.total_cost,
            "requirement_version": plan.requirement_version, "scenario": solved.scenario,
            "orders": len(solved.result["orders"])})
    return plan


def run_plan(session: Session, actor: Actor, scenario: dict[str, Any] | None = None, **solving: Any) -> Plan:
    """Solve and store in one unit of work (the CLI and the forecast's plan of last resort)."""
    return store_plan(session, actor, solve_plan(session, actor, scenario, **solving))


@dataclass(frozen=True)
class WhatIf:
    """A what-if and its base: the id of the plan in force, when it was run without a scenario on
    the ledger as it is now, otherwise the unchanged ledger solved afresh."""

    base: int | SolvedPlan
    other: SolvedPlan


def solve_whatif(session: Session, actor: Actor, scenario: dict[str, Any],
                 options: SolveOptions | None = None) -> WhatIf:
    """The scenario's plan and its base, on the same ledger, start month and horizon, so the
    comparison shows the scenario's effect only; the time limit covers both."""
    require(actor, CREATE, Target("plan"))
    check_changes(scenario)
    deadline = deadline_of(options)
    adopted = get_adopted_plan(session)
    base: int | SolvedPlan | None = None
    if adopted is not None and not adopted.scenario:
        start = dt.date.fromisoformat(f"{adopted.instance['start']}-01")
        horizon = int(adopted.instance["horizon_months"])
        if same_ledger(adopted.instance, build_instance(session, actor, start=start, horizon=horizon).instance):
            base, instance = adopted.id, adopted.instance
    if base is None:
        base = _solve_on_ledger(session, actor, None, None, DEFAULT_HORIZON, DEFAULT_DISCOUNT, options, deadline)
        instance = base.instance
    other = _solve_on_ledger(session, actor, scenario, dt.date.fromisoformat(f"{instance['start']}-01"),
                             int(instance["horizon_months"]), float(instance["discount"]), options, deadline)
    return WhatIf(base, other)


def store_whatif(session: Session, actor: Actor, whatif: WhatIf) -> tuple[Plan, Plan]:
    """Store the what-if's plans: (base, other); a base in force already is only looked up."""
    base = get_plan(session, whatif.base) if isinstance(whatif.base, int) else store_plan(session, actor, whatif.base)
    return base, store_plan(session, actor, whatif.other)


def run_whatif(session: Session, actor: Actor, scenario: dict[str, Any],
               options: SolveOptions | None = None) -> tuple[Plan, Plan]:
    """Solve and store a what-if and its base in one unit of work."""
    return store_whatif(session, actor, solve_whatif(session, actor, scenario, options))


def same_ledger(stored: dict[str, Any], instance: dict[str, Any]) -> bool:
    """Whether a stored plan's instance is exactly this one (the ledger has not changed since)."""
    return json.dumps(stored, sort_keys=True, default=str) == json.dumps(instance, sort_keys=True, default=str)


def adopt_plan(session: Session, actor: Actor, plan_id: int) -> Plan:
    """Put a plan in force; a plan without a usable solution cannot be adopted."""
    require(actor, UPDATE, Target("plan"))
    plan = get_plan(session, plan_id)
    if not has_solution(plan.status, plan.result.get("orders", [])):
        raise Conflict(f"plan {plan_id} is {plan.status}; only a plan with a solution can be adopted", field="plan")
    before = {"adopted_at": plan.adopted_at, "adopted_by": plan.adopted_by}
    plan.adopted_at = dt.datetime.now(dt.UTC)
    plan.adopted_by = actor.name
    session.flush()
    record(session, actor, "adopted", "plan", plan.id, before,
           {"adopted_at": plan.adopted_at, "adopted_by": plan.adopted_by})
    return plan
