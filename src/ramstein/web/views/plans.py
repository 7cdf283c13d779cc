"""Read model for plans: the plan in force, optionally beside another stored plan (a what-if), compared.

Plans are internal until their orders become packages, so the policy decides who may read them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from ramstein.auth.actor import Actor
from ramstein.auth.policy import READ, Target, require
from ramstein.catalog.repository import list_offers
from ramstein.models import Plan
from ramstein.nations.repository import list_nations
from ramstein.planning.compare import compare_plans
from ramstein.planning.repository import get_plan, get_plan_in_force
from ramstein.web.charts import Chart, Series

# a what-if is run while the coordinator waits: the engine stops after this many seconds
WHATIF_TIME_LIMIT = 60.0
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class PlanView:
    plan: Plan
    orders: list[dict[str, Any]]
    unmet: list[dict[str, Any]]

    @property
    def cost(self) -> Decimal:
        return Decimal(self.plan.total_cost)

    @property
    def scenario_name(self) -> str | None:
        return (self.plan.scenario or {}).get("name") if self.plan.scenario else None

    @property
    def scenario_text(self) -> str:
        return json.dumps(self.plan.scenario, indent=2) if self.plan.scenario else ""


@dataclass(frozen=True)
class Comparison:
    """compare_plans' answer, with percentages as Decimals for the tables and a chart per category."""

    doc: dict[str, Any]
    categories: Chart
    changed: list[dict[str, Any]]

    @property
    def cost_change(self) -> Decimal:
        return Decimal(self.doc["total_cost"]["change"])


@dataclass(frozen=True)
class PlansPage:
    in_force: PlanView | None
    why: str
    other: PlanView | None
    fulfilment: Chart | None
    comparison: Comparison | None = None
    nations: tuple[str, ...] = ()
    offers: tuple[tuple[str, str], ...] = ()  # (ref, item · supplier) for the what-if form


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


def pct(fraction: float | None) -> Decimal:
    return (Decimal(str(fraction or 0)) * HUNDRED).quantize(Decimal("0.1"))


def comparison(base: Plan, other: Plan) -> Comparison:
    doc = compare_plans({"id": base.id, "instance": base.instance, "result": base.result},
                        {"id": other.id, "instance": other.instance, "result": other.result})
    cats = doc["categories"]
    chart = Chart("compare-categories", f"Share of each category's list value met: plan {base.id} and plan {other.id}"
                  " (%)", "bar", [c["category"] for c in cats],
                  [Series(f"plan {base.id}", [pct(c["base"]) for c in cats]),
                   Series(f"plan {other.id}", [pct(c["other"]) for c in cats])],
                  "% of the category's weighted lines", (), in_millions=False, label_name="Category",
                  note="Weighted by each line's value (weight); plans use pooled money from confirmed, committed "
                       "and disbursed pledges.")
    ordered = [{f["requirement"]: Decimal(str(f.get("ordered", 0))) for f in p.result.get("fulfilment", [])}
               for p in (base, other)]
    changed = [{**c, "base_pct": pct(c["base_fraction"]), "other_pct": pct(c["other_fraction"]),
                "base_ordered": ordered[0].get(c["requirement"], Decimal(0)),
                "other_ordered": ordered[1].get(c["requirement"], Decimal(0))}
               for c in doc["changed_lines"]]
    return Comparison(doc, chart, changed)


def plans_page(session: Session, actor: Actor, compare: int | None, base: int | None = None) -> PlansPage:
    """The plan in force (or plan `base`) and, with `compare`, another beside it and what changed."""
    require(actor, READ, Target("plan"))
    found, why = get_plan_in_force(session)
    if base is not None and base != getattr(found, "id", None):
        found, why = get_plan(session, base), f"Plan {base} beside plan {compare}; in force: {why}"
    views = [plan_view(found)] if found else []
    other = plan_view(get_plan(session, compare)) if compare is not None and compare != getattr(found, "id", None) \
        else None
    if other:
        views.append(other)
    nations = tuple(n.iso3 for n in list_nations(session, limit=1000, offset=0)[0])
    offers = tuple((o.ref, f"{o.item} · {o.supplier}") for o in list_offers(session, actor)[0])
    return PlansPage(views[0] if found else None, why, other, fulfilment_chart(views) if views else None,
                     comparison(found, other.plan) if found and other else None, nations, offers)
