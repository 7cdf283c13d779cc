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
from ramstein.web.wording import category

# a what-if is run while the coordinator waits: the engine stops after this many seconds
WHATIF_TIME_LIMIT = 60.0
HUNDRED = Decimal(100)
# allocation/explain.py's reasons, in plain language
REASONS = {
    "money": "Not enough money: every pool that may pay for this category is spent, or what is left cannot buy "
             "a whole unit or a minimum order",
    "capacity": "Suppliers are full: every month of every offer that could serve the line is already taken",
    "lead_time": "Too late: no offer can deliver inside the plan's horizon, given when the money becomes available",
    "no_offer": "Nobody offers this item",
    "policy": "A spending rule (a minimum or maximum share by region) forbids using the money and capacity left",
}


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


def lines_of(plan: Plan) -> dict[str, dict[str, Any]]:
    """The plan's requirement lines (item, category, quantity) by ref, as the plan saw them."""
    return {r["id"]: r for r in (plan.instance or {}).get("requirements", [])}


def unmet_lines(plan: Plan) -> list[dict[str, Any]]:
    """Each line the plan does not fully meet: its item, category, need, what was ordered, the shortfall, and
    why in plain language; the most valuable shortfall first."""
    lines = lines_of(plan)
    unmet = []
    for f in plan.result.get("fulfilment", []):
        if f.get("fraction", 1) >= 1:
            continue
        line = lines.get(f["requirement"], {})
        needed = Decimal(str(line.get("quantity", 0)))
        ordered = Decimal(str(f.get("ordered", 0)))
        unmet.append({**f, "share_pct": pct(f.get("fraction")), "item": line.get("item", ""),
                      "category": line.get("category", ""), "needed": needed, "ordered": ordered,
                      "shortfall": max(needed - ordered, Decimal(0)),
                      "why": REASONS.get(f.get("reason") or "", f.get("reason") or "not stated")})
    return sorted(unmet, key=lambda u: (-float(u.get("value") or 0) * (1 - float(u.get("fraction") or 0)),
                                        u["requirement"]))


def plan_view(plan: Plan) -> PlanView:
    return PlanView(plan, list(plan.result.get("orders", [])), unmet_lines(plan))


def fulfilment_chart(plans: list[PlanView]) -> Chart:
    """Share of each requirement line met, per plan: where two plans differ is the what-if's answer."""
    met = [{f["requirement"]: pct(f["fraction"]) for f in p.plan.result.get("fulfilment", [])} for p in plans]
    items = {ref: line.get("item", "") for p in plans for ref, line in lines_of(p.plan).items()}
    refs = sorted(set().union(*met))
    return Chart("fulfilment", "Share of each requirement line met by the plan (%)", "bar",
                 [f"{r} {items[r]}".strip() if items.get(r) else r for r in refs],
                 [Series(f"plan {p.plan.id}", [m.get(r, Decimal(0)) for r in refs]) for p, m in zip(plans, met,
                                                                                                  strict=True)],
                 "%", (), in_millions=False, label_name="Line",
                 note="Plans use pooled money from confirmed, committed and disbursed pledges.")


def pct(fraction: float | None) -> Decimal:
    return (Decimal(str(fraction or 0)) * HUNDRED).quantize(Decimal("0.1"))


def comparison(base: Plan, other: Plan) -> Comparison:
    doc = compare_plans({"id": base.id, "instance": base.instance, "result": base.result},
                        {"id": other.id, "instance": other.instance, "result": other.result})
    cats = doc["categories"]
    chart = Chart("compare-categories", f"Share of each category's list value met: plan {base.id} and plan {other.id}"
                  " (%)", "bar", [category(c["category"]) for c in cats],
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
