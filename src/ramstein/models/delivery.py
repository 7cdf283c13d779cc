"""Deliveries against package orders; their sum can never exceed the order."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ramstein.db.base import QUANTITY, Base
from ramstein.models._columns import created_at
from ramstein.models.source import Source, link_table

delivery_sources = link_table("delivery", "deliveries")


class Delivery(Base):
    __tablename__ = "deliveries"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("package_orders.id"), index=True)
    quantity: Mapped[Decimal] = mapped_column(QUANTITY)
    date: Mapped[dt.date] = mapped_column(Date)
    confidence: Mapped[str] = mapped_column(String(12))
    note: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = created_at()

    sources: Mapped[list[Source]] = relationship(secondary=delivery_sources, lazy="selectin")
