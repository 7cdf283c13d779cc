"""Exchange rates loaded after the package was built (`ramstein rates update|import`), with their source."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import Date, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ramstein.db.base import RATE, Base
from ramstein.models._columns import created_at


class ExchangeRate(Base):
    """One ECB reference rate: units of `currency` per EUR on `day`."""

    __tablename__ = "exchange_rates"

    currency: Mapped[str] = mapped_column(String(3), primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True, index=True)
    rate: Mapped[Decimal] = mapped_column(RATE)
    source: Mapped[str] = mapped_column(Text)
    loaded_at: Mapped[dt.datetime] = created_at()
    loaded_by: Mapped[str] = mapped_column(String(100))
