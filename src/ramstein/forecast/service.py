"""The forecast over the plan in force (adopted, else the latest); with no plan, the engine runs first."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from ramstein.auth.actor import Actor
from ramstein.auth.policy import READ, Target, require
from ramstein.forecast.model import inputs_from_plan
from ramstein.forecast.risk import OfferRisk
from ramstein.forecast.simulate import simulate
from ramstein.forecast.summary import summarize
from ramstein.models import Plan
from ramstein.planning.repository import get_plan_in_force
from ramstein.planning.service import run_plan
from ramstein.reports.snapshot import Completion
from ramstein.requirements.repository import need_by_of_version


def forecast_plan(plan: Plan, *, runs: int, seed: int, risks: dict[str, OfferRisk] | None = None,
                  workers: int | None = None, need_by: dict[str, dt.date] | None = None) -> dict[str, Any]:
    """`need_by`: the lines' real need-by dates, so a line already overdue at the start is reported so."""
    inputs = inputs_from_plan(plan.instance, plan.result, risks)
    doc = summarize(inputs, simulate(inputs, runs=runs, seed=seed, workers=workers),
                    _overdue(plan.instance["start"], need_by or {}))
    unknown = sorted(set(risks or {}) - set(inputs.offer_ids))
    doc["notes"] = [f"risk overrides for offers not in the plan's instance: {', '.join(unknown)}"] if unknown else []
    return doc


def _overdue(start: str, need_by: dict[str, dt.date]) -> dict[str, int]:
    year, month = map(int, start.split("-"))
    late = {ref: (year - day.year) * 12 + month - day.month for ref, day in need_by.items()}
    return {ref: months for ref, months in late.items() if months > 0}


def run_forecast(session: Session, actor: Actor, *, runs: int = 10_000, seed: int = 0,
                 risks: dict[str, OfferRisk] | None = None, workers: int | None = None) -> dict[str, Any]:
    """P50/P90 completion per line and category; runs the allocation first when there is no plan."""
    require(actor, READ, Target("plan"))
    plan, basis = get_plan_in_force(session)
    ran = plan is None
    if plan is None:
        plan = run_plan(session, actor)
        basis = f"plan {plan.id}, computed now by the allocation engine because there was no plan yet"
    need_by = need_by_of_version(session, plan.requirement_version) if plan.requirement_version else {}
    doc = forecast_plan(plan, runs=runs, seed=seed, risks=risks, workers=workers, need_by=need_by)
    doc = {"plan": {"id": plan.id, "basis": basis, "ran_engine": ran, "status": plan.status}, **doc}
    return doc


def completion_of_plan(plan: Plan, *, runs: int, seed: int) -> tuple[dict[str, Completion], str]:
    """Expected completion per line and per category ("category:<name>") for the report."""
    doc = forecast_plan(plan, runs=runs, seed=seed)
    found = {x["requirement"]: Completion(x["p50"], x["p90"]) for x in doc["lines"] if x["p50"]}
    found.update({f"category:{c['category']}": Completion(c["p50"], c["p90"]) for c in doc["categories"]})
    return found, (f"P50/P90 of the delivery forecast over plan {plan.id} ({runs} runs, seed {seed}, "
                   "default supplier risks)")
