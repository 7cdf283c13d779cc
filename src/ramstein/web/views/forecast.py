"""Read model for the forecast: P50/P90 completion bands by category and per line, from forecast/."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from ramstein.auth.actor import Actor
from ramstein.auth.policy import CREATE, READ, Target, can, require
from ramstein.forecast.service import run_forecast
from ramstein.planning.repository import get_plan_in_force
from ramstein.web.charts import Chart, Series
from ramstein.web.wording import category

RUNS = 2000  # enough for stable P50/P90 on a page; `ramstein forecast` takes more


@dataclass(frozen=True)
class ForecastPage:
    doc: dict[str, Any] | None  # None: there is no plan yet and this actor may not run one
    bands: Chart | None


def bands_chart(doc: dict[str, Any]) -> Chart:
    rows = [c for c in doc["categories"] if c.get("p50_month") is not None]
    return Chart("bands", f"Expected completion by category: P50 to P90 (months from {doc['start']})", "band",
                 [category(c["category"]) for c in rows],
                 [Series("P50", [c["p50_month"] for c in rows]), Series("P90", [c.get("p90_month") for c in rows])],
                 "months", (), in_millions=False, label_name="Category", missing="after the horizon",
                 note=f"{doc['runs']} simulated runs (seed {doc['seed']}) of supplier delays and capacity.")


def forecast_page(session: Session, actor: Actor) -> ForecastPage:
    """The forecast over the plan in force; without a plan it runs one, which only a coordinator may do:
    anyone else who may read plans (an auditor) is told there is no plan yet."""
    require(actor, READ, Target("plan"))
    plan, _ = get_plan_in_force(session)
    if plan is None and not can(actor, CREATE, Target("plan")):
        return ForecastPage(None, None)
    doc = run_forecast(session, actor, runs=RUNS)
    return ForecastPage(doc, bands_chart(doc))
