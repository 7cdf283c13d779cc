"""The catalog: what a supplier offers, at what price, how fast and how many a month."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import JSON, Boolean, Date, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ramstein.db.base import MONEY, QUANTITY, Base, UTCDateTime
from ramstein.models._columns import created_at, updated_at
from ramstein.models.source import Source, link_table

offer_sources = link_table("offer", "offers")


class Offer(Base):
    __tablename__ = "offers"

    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(40), unique=True)
    item: Mapped[str] = mapped_column(String(120), index=True)
    category: Mapped[str] = mapped_column(String(40))
    supplier: Mapped[str] = mapped_column(String(200))
    origin: Mapped[str] = mapped_column(String(3))
    region: Mapped[str] = mapped_column(String(8))
    site: Mapped[str] = mapped_column(Text, default="")
    unit_price: Mapped[Decimal] = mapped_column(MONEY)
    currency: Mapped[str] = mapped_column(String(3))
    price_date: Mapped[dt.date] = mapped_column(Date)
    lead_time_months: Mapped[int] = mapped_column(Integer)
    capacity_per_month: Mapped[Decimal] = mapped_column(QUANTITY)
    # optional month-by-month capacity overriding the constant figure
    capacity_profile: Mapped[list[float] | None] = mapped_column(JSON)
    min_order: Mapped[Decimal] = mapped_column(QUANTITY, default=Decimal(0))
    integer: Mapped[bool] = mapped_column(Boolean, default=True)
    # production (lead time, monthly capacity) or stock (available_quantity in all, handed over in 0-1 month)
    source: Mapped[str] = mapped_column(String(12), default="production", server_default="production")
    available_quantity: Mapped[Decimal | None] = mapped_column(QUANTITY)
    confidence: Mapped[str] = mapped_column(String(12))
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[dt.datetime] = created_at()
    updated_at: Mapped[dt.datetime] = updated_at()
    # set by a coordinator's release: from then on the public sees this record
    released_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), index=True)

    sources: Mapped[list[Source]] = relationship(secondary=offer_sources, lazy="selectin", order_by=Source.id)
