"""Declarative base with a naming convention, so constraint names are stable across SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, Dialect, MetaData, Numeric, TypeDecorator
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# money: 6 decimal places (PostgreSQL keeps up to 10^24; SQLite about 15 significant digits, see
# money.kept_exactly); amounts with more places are refused, never rounded
MONEY_PLACES = 6
RATE_PLACES = 12
MONEY = Numeric(30, MONEY_PLACES, asdecimal=True)
# exchange rates: target units per source unit, 12 decimal places
RATE = Numeric(24, RATE_PLACES, asdecimal=True)
# quantities of items: fractional quantities allowed (e.g. tonnes), 6 places
QUANTITY = Numeric(24, MONEY_PLACES, asdecimal=True)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Timestamps in UTC, always timezone-aware when read back (SQLite stores them without an offset)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is not None and value.tzinfo is not None:
            value = value.astimezone(dt.UTC)
        return value

    def process_result_value(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)
