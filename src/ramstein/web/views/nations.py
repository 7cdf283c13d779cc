"""A nation's page: its figures with sources, and the pledges this actor may see, charted over time."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from ramstein.auth.actor import Actor
from ramstein.models import Nation, NationFigure
from ramstein.nations.repository import get_nation, list_nations
from ramstein.states import CONFIDENCES
from ramstein.web.charts import Chart, Series
from ramstein.web.views.pledges import PledgeFilter, PledgeRow, over_time_chart, pledge_row, sums_of, visible_pledges


@dataclass(frozen=True)
class NationPage:
    nation: Nation
    figures: list[NationFigure]
    rows: list[PledgeRow]
    over_time: Chart
    gdp: Chart


def gdp_chart(nation: Nation) -> Chart:
    gdp = [f for f in nation.figures if f.measure == "gdp_usd"]
    return Chart("gdp", f"{nation.name}: GDP by year (USD)", "bar", [str(f.year) for f in gdp],
                 [Series("GDP, USD", [f.value for f in gdp])], "USD",
                 [c for c in CONFIDENCES if any(f.source.confidence == c for f in gdp)],
                 label_name="Year")


def nation_page(session: Session, actor: Actor, iso3: str, flt: PledgeFilter) -> NationPage:
    nation = get_nation(session, iso3)
    flt = PledgeFilter(nation.iso3, flt.status, flt.confidence, flt.since, flt.until)
    rows = [pledge_row(actor, p) for p in visible_pledges(session, actor, flt)]
    return NationPage(nation, list(nation.figures), rows, over_time_chart(sums_of(rows), flt.confidence),
                      gdp_chart(nation))


def all_nations(session: Session) -> list[Nation]:
    rows, _ = list_nations(session, limit=1000, offset=0)
    return rows

