"""Declarative base with a naming convention, so constraint names are stable across SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import MetaData, Numeric
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# money: up to 10^24 with 6 decimal places; amounts with more places are refused, never rounded
MONEY = Numeric(30, 6, asdecimal=True)
# exchange rates: target units per source unit, 12 decimal places
RATE = Numeric(24, 12, asdecimal=True)
# quantities of items: fractional quantities allowed (e.g. tonnes), 6 places
QUANTITY = Numeric(24, 6, asdecimal=True)
MONEY_PLACES = 6


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
