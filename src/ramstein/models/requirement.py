"""Ukraine's prioritized requirement list. Versioned: every change makes a new version; plans cite theirs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import Boolean, Date, ForeignKey, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ramstein.db.base import QUANTITY, Base, UTCDateTime
from ramstein.models._columns import created_at


class RequirementList(Base):
    __tablename__ = "requirement_lists"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(Integer, unique=True)
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = created_at()
    note: Mapped[str] = mapped_column(Text, default="")
    # set by a coordinator's release: from then on the public sees this record
    released_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), index=True)

    lines: Mapped[list[RequirementLine]] = relationship(
        back_populates="list", lazy="raise", order_by="(RequirementLine.priority, RequirementLine.ref)")


class RequirementLine(Base):
    __tablename__ = "requirement_lines"
    __table_args__ = (UniqueConstraint("list_id", "ref", name="list_ref"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    list_id: Mapped[int] = mapped_column(ForeignKey("requirement_lists.id", ondelete="CASCADE"), index=True)
    ref: Mapped[str] = mapped_column(String(40))
    item: Mapped[str] = mapped_column(String(120))
    category: Mapped[str] = mapped_column(String(40))
    quantity: Mapped[Decimal] = mapped_column(QUANTITY)
    priority: Mapped[int] = mapped_column(Integer)
    # value of meeting the line in full; None: derived from priority
    weight: Mapped[Decimal | None] = mapped_column(Numeric(20, 6))
    need_by: Mapped[dt.date] = mapped_column(Date)  # first day of the need-by month
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str] = mapped_column(Text, default="")

    list: Mapped[RequirementList] = relationship(back_populates="lines", lazy="raise")
