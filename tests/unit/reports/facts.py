"""Builders of report snapshots with keyword defaults, so each test states what it is about."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ramstein.reports.snapshot import LineFact, NationFact, OfferFact, OrderFact, PlanFact, PledgeFact, Snapshot

D = Decimal


def pledge(id: int = 1, nation: str = "NLD", usd: str | None = "100000000", **kw) -> PledgeFact:
    values = dict(id=id, nation=nation, date=dt.date(2025, 8, 4), amount=D(usd) if usd else None, currency="USD",
                  disclosed=usd is not None, status="committed", confidence="official",
                  usd_amount=D(usd) if usd else None, usd_rate=D(1) if usd else None,
                  usd_rate_date=dt.date(2025, 8, 4) if usd else None)
    values.update(kw)
    return PledgeFact(**values)


def nation(iso3: str, gdp: str, defence: str | None = "2.1", **kw) -> NationFact:
    return NationFact(iso3, iso3, True, True, {2025: D(gdp)}, {2025: D(defence)} if defence else {}, **kw)


def offer(ref: str = "O1", item: str = "shell", price: str = "1000", region: str = "US", **kw) -> OfferFact:
    values = dict(ref=ref, item=item, category="artillery", supplier=f"supplier {ref}", origin="USA", region=region,
                  site=f"site {ref}", unit_price_usd=D(price), unit_price=D(price), currency="USD", rate=D(1),
                  rate_date=dt.date(2025, 1, 2))
    values.update(kw)
    return OfferFact(**values)


def line(ref: str = "R1", item: str = "shell", quantity: str = "100", priority: int = 1,
         category: str = "artillery") -> LineFact:
    return LineFact(ref, item, category, D(quantity), priority, dt.date(2026, 6, 1))


def plan(*orders: OrderFact) -> PlanFact:
    return PlanFact(7, True, dt.datetime(2026, 1, 5, tzinfo=dt.UTC), 1, tuple(orders))


def snapshot(**kw) -> Snapshot:
    values = dict(as_of=dt.date(2026, 3, 1), public=False, confidences=("official", "reported"),
                  statuses=("confirmed", "committed", "disbursed"), pledges=(), nations=(), offers=(), lines=(),
                  requirement_version=1, plan=None, plan_reason="no plan in the database yet")
    values.update(kw)
    return Snapshot(**values)
