"""Plans on the database's data: `run_plan` builds, solves and stores one; `adopt_plan` puts one in force.

Plans are immutable; adoption is a dated mark, and the latest adopted plan is the one in force.
Services flush; the entrypoint commits.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from ramstein.allocation import SolveOptions, problem_from_dict, problem_to_dict, solve, to_json
from ramstein.allocation.scenario import apply_changes
from ramstein.audit.log import record
from ramstein.auth.actor import Actor
from ramstein.auth.policy import CREATE, UPDATE, Target, require
from ramstein.errors import Conflict
from ramstein.models import Plan
from ramstein.planning.instance_from_db import DEFAULT_DISCOUNT, DEFAULT_HORIZON, build_instance
from ramstein.planning.repository import get_plan

ADOPTABLE = ("optimal", "feasible", "time_limit")


def run_plan(session: Session, actor: Actor, scenario: dict[str, Any] | None = None, *,
             start: dt.date | None = None, horizon: int = DEFAULT_HORIZON, discount: float = DEFAULT_DISCOUNT,
             options: SolveOptions | None = None) -> Plan:
    """Allocate the ledger's pooled money to the current list and store the plan with its inputs.

    `scenario` is a CHANGES document of allocation/scenario.py (a what-if applied to the ledger's instance).
    """
    require(actor, CREATE, Target("plan"))
    built = build_instance(session, actor, start=start, horizon=horizon, discount=discount)
    problem = problem_from_dict(built.instance)
    instance = built.instance
    if scenario:
        problem = apply_changes(problem, scenario)
        instance = problem_to_dict(problem)
    result = solve(problem, options or SolveOptions())
    doc = to_json(result)
    doc["inputs"] = built.trace
    plan = Plan(requirement_version=built.requirement_version, scenario=scenario or None, instance=instance,
                result=doc, status=result.status, objective=float(result.objective),
                total_cost=Decimal(result.total_cost), created_by=actor.name)
    session.add(plan)
    session.flush()
    record(session, actor, "created", "plan", plan.id, None,
           {"status": plan.status, "objective": plan.objective, "total_cost": plan.total_cost,
            "requirement_version": plan.requirement_version, "scenario": scenario or None,
            "orders": len(doc["orders"])})
    return plan


def adopt_plan(session: Session, actor: Actor, plan_id: int) -> Plan:
    """Put a plan in force; a plan without a usable solution cannot be adopted."""
    require(actor, UPDATE, Target("plan"))
    plan = get_plan(session, plan_id)
    if plan.status not in ADOPTABLE:
        raise Conflict(f"plan {plan_id} is {plan.status}; only a plan with a solution can be adopted", field="plan")
    before = {"adopted_at": plan.adopted_at, "adopted_by": plan.adopted_by}
    plan.adopted_at = dt.datetime.now(dt.UTC)
    plan.adopted_by = actor.name
    session.flush()
    record(session, actor, "adopted", "plan", plan.id, before,
           {"adopted_at": plan.adopted_at, "adopted_by": plan.adopted_by})
    return plan
