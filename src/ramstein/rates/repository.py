"""Every query about exchange rates loaded into the database."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ramstein.models import ExchangeRate
from ramstein.money import BUNDLED, LayeredRates, RateHistory

RATES = ExchangeRate.__table__


class StoredRates:
    """The rates this database holds, read on demand and remembered for the life of the object."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._last: tuple[dt.date | None] | None = None
        self._hits: dict[tuple[str, dt.date], tuple[dt.date, Decimal] | None] = {}

    def last_published(self) -> dt.date | None:
        if self._last is None:
            self._last = (self.session.execute(select(func.max(RATES.c.day))).scalar_one(),)
        return self._last[0]

    def on_or_before(self, currency: str, on: dt.date) -> tuple[dt.date, Decimal] | None:
        if self.last_published() is None:
            return None
        key = (currency, on)
        if key not in self._hits:
            row = self.session.execute(
                select(RATES.c.day, RATES.c.rate).where(RATES.c.currency == currency, RATES.c.day <= on)
                .order_by(RATES.c.day.desc()).limit(1)).first()
            self._hits[key] = (row.day, row.rate) if row else None
        return self._hits[key]


def rate_history(session: Session) -> RateHistory:
    """The bundled ECB history and what this database loaded since, read as one."""
    return LayeredRates(BUNDLED, StoredRates(session))


def stored_rates(session: Session) -> dict[tuple[str, dt.date], Decimal]:
    rows = session.execute(select(RATES.c.currency, RATES.c.day, RATES.c.rate))
    return {(r.currency, r.day): r.rate for r in rows}


def rate_summary(session: Session) -> list[tuple[str, int, dt.date | None, dt.date | None]]:
    """Per source: how many rates, first and last day."""
    rows = session.execute(select(RATES.c.source, func.count(), func.min(RATES.c.day), func.max(RATES.c.day))
                           .group_by(RATES.c.source).order_by(func.max(RATES.c.day))).all()
    return [(r[0], r[1], r[2], r[3]) for r in rows]
