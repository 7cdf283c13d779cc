"""Build the report snapshot from the database for one actor, then compute the report (pure).

Roles that may read everything (coordinator, auditor, operator) get the full report; anyone else
gets the public one: released records only, and no undisclosed amount shown or derivable.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from importlib import resources
from typing import Any

from sqlalchemy.orm import Session

from ramstein.auth.actor import PUBLIC, Actor
from ramstein.auth.policy import READ, Target, can
from ramstein.catalog.repository import list_offers
from ramstein.dataset import DATA_AS_OF, DATASET
from ramstein.errors import CurrencyError, ValidationError
from ramstein.models import Offer, Pledge
from ramstein.money import Money, convert
from ramstein.packages.service import withheld_packages
from ramstein.planning.repository import get_plan_in_force
from ramstein.pledges.repository import list_pledges
from ramstein.reports import repository as repo
from ramstein.reports.allies import BASES, DEFAULT_BASE
from ramstein.reports.snapshot import (
    Completion,
    LineFact,
    NationFact,
    OfferFact,
    OrderFact,
    PlanFact,
    PledgeFact,
    PublicTotal,
    Snapshot,
    SourceFact,
)
from ramstein.reports.triple_win import build_report
from ramstein.requirements.repository import get_current_list, list_lines
from ramstein.states import COMMITMENT_STATUSES, CONFIDENCES, DEFAULT_CONFIDENCES, PLEDGE_STATUSES

FORECAST_RUNS = 2000  # enough for stable P50/P90 of a report; `ramstein forecast` takes more
FORECAST_SEED = 0


def is_full_view(actor: Actor) -> bool:
    """Whoever may read an unreleased report sees everything; the rest see the public report."""
    return can(actor, READ, Target("report"))


def read_public_totals() -> tuple[PublicTotal, ...]:
    path = resources.files("ramstein") / "data" / "public_totals.csv"
    with path.open(newline="", encoding="utf-8") as handle:
        return tuple(PublicTotal(
            as_of=dt.date.fromisoformat(r["as_of"]), scope=r["scope"], amount=Decimal(r["amount"]),
            currency=r["currency"], comparison=r["comparison"], confidence=r["confidence"],
            source_title=r["source_title"], source_url=r["source_url"], note=r["note"],
            since=dt.date.fromisoformat(r["since"]) if r.get("since") else None,
        ) for r in csv.DictReader(handle))


def check_choice(values: Sequence[str] | None, allowed: Sequence[str], default: Sequence[str],
                 field: str) -> tuple[str, ...]:
    chosen = tuple(values) if values else tuple(default)
    unknown = [v for v in chosen if v not in allowed]
    if unknown:
        raise ValidationError(f"unknown {field} {', '.join(unknown)}; one of {', '.join(allowed)}", field=field)
    return chosen


def pledge_fact(p: Pledge) -> PledgeFact:
    shown = p.disclosed and p.amount is not None
    return PledgeFact(
        id=p.id, nation=p.nation_iso3, date=p.date, amount=p.amount if shown else None, currency=p.currency,
        disclosed=shown, status=p.status, confidence=p.confidence,
        usd_amount=p.usd_amount if shown else None, usd_rate=p.usd_rate if shown else None,
        usd_rate_date=p.usd_rate_date if shown else None, estimated=p.estimated, joint_group=p.joint_group,
        package=p.package_ref, sources=tuple(SourceFact(s.title, s.url, s.confidence) for s in p.sources),
        rate_provisional=bool(p.rate_provisional) and shown)


def offer_fact(o: Offer) -> OfferFact:
    try:
        usd = convert(Money(o.unit_price, o.currency), "USD", o.price_date)
        price, rate, day = usd.converted.amount, usd.rate, usd.rate_date
    except CurrencyError:
        price = rate = day = None
    return OfferFact(ref=o.ref, item=o.item, category=o.category, supplier=o.supplier, origin=o.origin,
                     region=o.region, site=o.site, unit_price_usd=price, unit_price=o.unit_price,
                     currency=o.currency, rate=rate, rate_date=day, illustrative=o.illustrative)


def _nations(session: Session) -> tuple[NationFact, ...]:
    found = []
    for n in repo.list_nations_with_figures(session):
        gdp = {f.year: f.value for f in n.figures if f.measure == "gdp_usd"}
        defence = {f.year: f.value for f in n.figures if f.measure == "defence_pct_gdp"}
        sources = {f"{f.measure}:{f.year}": SourceFact(f.source.title, f.source.url, f.source.confidence)
                   for f in n.figures}
        found.append(NationFact(n.iso3, n.name, n.nato, n.eu, gdp, defence, sources))
    return tuple(found)


def _lines(session: Session, public: bool) -> tuple[tuple[LineFact, ...], int | None]:
    current = repo.get_latest_released_list(session) if public else get_current_list(session)
    if current is None:
        return (), None
    lines, _ = list_lines(session, current.id)
    return tuple(LineFact(x.ref, x.item, x.category, x.quantity, x.priority, x.need_by, x.illustrative)
                 for x in lines), current.version


def _package_orders(session: Session, public: bool) -> tuple[OrderFact, ...]:
    """Contracted-or-later package orders; publicly, none of a package whose figures are withheld
    (packages.service.withheld_packages, the packages API's rule): its cost, or its units at the
    offer's released price, would reveal the undisclosed pledge that funds it."""
    hidden = withheld_packages(session, PUBLIC) if public else set()
    rows = repo.list_ordered_package_orders(session, released_only=public)
    return tuple(OrderFact(o.requirement_ref, ref, o.quantity, o.cost_usd, delivered)
                 for pkg, o, ref, delivered in rows if pkg.ref not in hidden)


def _plan(session: Session, public: bool, runs: int) -> tuple[PlanFact | None, str, dict[str, Completion], str]:
    if public:
        reason = "plans are not public: funded figures and forecasts appear once packages are released"
        return None, reason, {}, reason
    row, reason = get_plan_in_force(session)
    if row is None:
        return None, reason, {}, reason
    orders = tuple(OrderFact(o["requirement"], o["offer"], Decimal(str(o["quantity"])), Decimal(o["cost"]))
                   for o in row.result.get("orders", []))
    fact = PlanFact(row.id, row.adopted_at is not None, row.created_at, row.requirement_version, orders)
    from ramstein.forecast.service import completion_of_plan

    completion, note = completion_of_plan(row, runs=runs, seed=FORECAST_SEED)
    return fact, reason, completion, note


def build_snapshot(session: Session, actor: Actor, *, confidences: Sequence[str] | None = None,
                   statuses: Sequence[str] | None = None, as_of: dt.date | None = None,
                   forecast_runs: int = FORECAST_RUNS) -> Snapshot:
    public = not is_full_view(actor)
    chosen = check_choice(confidences, CONFIDENCES, DEFAULT_CONFIDENCES, "confidence")
    states = check_choice(statuses, PLEDGE_STATUSES, COMMITMENT_STATUSES, "status")
    viewer = PUBLIC if public else actor  # a nation's own unreleased pledges stay out of the public report
    pledges, _ = list_pledges(session, viewer)
    offers, _ = list_offers(session, viewer)
    lines, version = _lines(session, public)
    plan, reason, completion, completion_reason = _plan(session, public, forecast_runs)
    facts = tuple(pledge_fact(p) for p in pledges)
    return Snapshot(
        as_of=as_of or dt.date.today(), public=public, confidences=chosen, statuses=states, pledges=facts,
        nations=_nations(session), offers=tuple(offer_fact(o) for o in offers), lines=lines,
        requirement_version=version, plan=plan, plan_reason=reason,
        package_orders=_package_orders(session, public), completion=completion,
        completion_reason=completion_reason, public_totals=read_public_totals(), all_pledges=facts,
        data_version=DATASET, data_as_of=DATA_AS_OF)


def triple_win_report(session: Session, actor: Actor, *, confidences: Sequence[str] | None = None,
                      statuses: Sequence[str] | None = None, as_of: dt.date | None = None,
                      forecast_runs: int = FORECAST_RUNS, base: str = DEFAULT_BASE) -> dict[str, Any]:
    """The triple-win report for `actor` (full or public), as a dict of exact figures; see triple_win.py."""
    if base not in BASES:
        raise ValidationError(f"unknown fair-share base {base!r}; one of {', '.join(BASES)}", field="base")
    return build_report(build_snapshot(session, actor, confidences=confidences, statuses=statuses, as_of=as_of,
                                       forecast_runs=forecast_runs), base)
