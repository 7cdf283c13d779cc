"""Small builders with keyword defaults, so a test states only what it is about."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy.orm import Session

from ramstein.audit.log import record
from ramstein.auth.actor import Actor
from ramstein.models import Nation, NationFigure, Pledge
from ramstein.pledges.schemas import PledgeCreate
from ramstein.pledges.service import record_pledge
from ramstein.sources.repository import get_or_create_source

COORDINATOR = Actor("coord", "coordinator")
# sets up records any role may later act on: whoever holds the database
OPERATOR = Actor("ops", "operator")
UKRAINE = Actor("ua-mod", "ukraine")
GDP = {"NLD": "1214562000000", "DEU": "4684182000000", "DNK": "424525000000", "NOR": "483593000000",
       "SWE": "603715000000", "UKR": "190687000000"}
CURRENCY = {"NLD": "EUR", "DEU": "EUR", "DNK": "DKK", "NOR": "NOK", "SWE": "SEK", "UKR": "UAH"}


def make_nations(session: Session, codes: tuple[str, ...] = tuple(GDP)) -> None:
    source = get_or_create_source(session, "IMF WEO October 2025", "https://www.imf.org", "official")
    for code in codes:
        session.add(Nation(iso3=code, name=code, nato=code != "UKR", eu=code in ("NLD", "DEU", "DNK", "SWE"),
                           currency=CURRENCY[code]))
        session.flush()
        session.add(NationFigure(nation_iso3=code, year=2024, measure="gdp_usd", value=Decimal(GDP[code]),
                                 source_id=source.id))
    session.flush()
    record(session, OPERATOR, "created", "nations", ",".join(codes), None, {"codes": list(codes)})


def pledge_data(**overrides: object) -> PledgeCreate:
    values: dict[str, object] = {
        "nation": "NLD", "date": dt.date(2025, 8, 4), "amount": Decimal("500000000"), "currency": "EUR",
        "confidence": "official", "sources": [{"title": "NATO statement", "url": "https://www.nato.int/x"}],
    }
    values.update(overrides)
    return PledgeCreate.model_validate(values)


def make_pledge(session: Session, actor: Actor = OPERATOR, **overrides: object) -> list[Pledge]:
    return record_pledge(session, actor, pledge_data(**overrides))
