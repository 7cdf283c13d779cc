"""Read model for plans: the plan in force, optionally beside another stored plan (a what-if).

Plans are internal until their orders become packages, so the policy decides who may read them.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from ramstein.auth.actor import Actor
from ramstein.auth.policy import READ, Target, require
from ramstein.models import Plan
from ramstein.planning.repository import get_plan, get_plan_in_force
from ramstein.web.charts import Chart, Series


@dataclass(frozen=True)
class PlanView:
    plan: Plan
    orders: list[dict[str, Any]]
    unmet: list[dict[str, Any]]

    @property
    def cost(self) -> Decimal:
        return Decimal(self.plan.total_cost)


@dataclass(frozen=True)
class PlansPage:
    in_force: PlanView | None
    why: str
    other: PlanView | None
    fulfilment: Chart | None


def plan_view(plan: Plan) -> PlanView:
    fulfilment = plan.result.get("fulfilment", [])
    unmet = [{**f, "share_pct": Decimal(str(f["fraction"])) * 100} for f in fulfilment if f.get("fraction", 1) < 1]
    return PlanView(plan, list(plan.result.get("orders", [])), unmet)


def fulfilment_chart(plans: list[PlanView]) -> Chart:
    """Share of each requirement line met, per plan: where two plans differ is the what-if's answer."""
    met = [{f["requirement"]: Decimal(str(f["fraction"])) * 100 for f in p.plan.result.get("fulfilment", [])}
           for p in plans]
    refs = sorted(set().union(*met))
    return Chart("fulfilment", "Share of each requirement line met by the plan (%)", "bar", refs,
                 [Series(f"plan {p.plan.id}", [m.get(r, Decimal(0)) for r in refs]) for p, m in zip(plans, met,
                                                                                                  strict=True)],
                 "% of the line", (), in_millions=False, label_name="Line",
                 note="Plans use pooled money from confirmed, committed and disbursed pledges.")


def plans_page(session: Session, actor: Actor, compare: int | None) -> PlansPage:
    require(actor, READ, Target("plan"))
    found, why = get_plan_in_force(session)
    views = [plan_view(found)] if found else []
    other = plan_view(get_plan(session, compare)) if compare is not None and compare != getattr(found, "id", None) \
        else None
    if other:
        views.append(other)
    return PlansPage(views[0] if found else None, why, other, fulfilment_chart(views) if views else None)
