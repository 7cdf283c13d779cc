"""Pledges: a nation's promise of money, in its original currency, with converted figures and sources."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, Text, false, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ramstein.db.base import MONEY, RATE, Base, UTCDateTime
from ramstein.models._columns import created_at, updated_at
from ramstein.models.source import Source, link_table

pledge_sources = link_table("pledge", "pledges")


class Pledge(Base):
    __tablename__ = "pledges"
    # one nation's pledges in date order: the pledge list's most common query (migration 0004)
    __table_args__ = (Index("ix_pledges_nation_date_id", "nation_iso3", "date", "id"),
                      # the public list (released pledges in date order): a page reads only released rows,
                      # where the date index made it walk every pledge to find them (migration 0010)
                      Index("ix_pledges_released_date_id", "date", "id",
                            sqlite_where=text("released_at IS NOT NULL"),
                            postgresql_where=text("released_at IS NOT NULL")),
                      # a list filtered by status in date order (migration 0010)
                      Index("ix_pledges_status_date_id", "status", "date", "id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    nation_iso3: Mapped[str] = mapped_column(ForeignKey("nations.iso3"), index=True)
    date: Mapped[dt.date] = mapped_column(Date, index=True)
    # None when undisclosed: counted, shown as "undisclosed", never summed
    amount: Mapped[Decimal | None] = mapped_column(MONEY)
    currency: Mapped[str] = mapped_column(String(3))
    disclosed: Mapped[bool] = mapped_column(Boolean, default=True)
    status: Mapped[str] = mapped_column(String(12), index=True)
    confidence: Mapped[str] = mapped_column(String(12), index=True)
    categories: Mapped[list[str] | None] = mapped_column(JSON)
    package_ref: Mapped[str | None] = mapped_column(String(40))
    note: Mapped[str] = mapped_column(Text, default="")
    # a share of a joint pledge split by GDP where the real split is undisclosed
    estimated: Mapped[bool] = mapped_column(Boolean, default=False)
    joint_group: Mapped[str | None] = mapped_column(String(64), index=True)
    joint_total: Mapped[Decimal | None] = mapped_column(MONEY)
    usd_amount: Mapped[Decimal | None] = mapped_column(MONEY)
    usd_rate: Mapped[Decimal | None] = mapped_column(RATE)
    usd_rate_date: Mapped[dt.date | None] = mapped_column(Date)
    eur_amount: Mapped[Decimal | None] = mapped_column(MONEY)
    eur_rate: Mapped[Decimal | None] = mapped_column(RATE)
    eur_rate_date: Mapped[dt.date | None] = mapped_column(Date)
    # converted at the latest rate published before the pledge's date had one; re-converted when it comes
    rate_provisional: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # where ECB publishes no rate (e.g. UAH), the user-supplied rate's source
    rate_source: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = created_at()
    updated_at: Mapped[dt.datetime] = updated_at()
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    # set by a coordinator's release: from then on the public sees this record
    released_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), index=True)

    sources: Mapped[list[Source]] = relationship(secondary=pledge_sources, lazy="selectin", order_by=Source.id)
