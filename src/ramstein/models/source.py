"""Sources: citations with a confidence, linked to the figures they support."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, Date, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ramstein.db.base import Base


class Source(Base):
    __tablename__ = "sources"
    __table_args__ = (UniqueConstraint("title", "url", "confidence", name="title_url_confidence"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    url: Mapped[str] = mapped_column(Text, default="")
    publisher: Mapped[str | None] = mapped_column(String(200))
    retrieved: Mapped[dt.date | None] = mapped_column(Date)
    confidence: Mapped[str] = mapped_column(String(12))


def link_table(owner: str, owner_table: str) -> Table:
    """A many-to-many table between an aggregate and its sources."""
    return Table(
        f"{owner}_sources",
        Base.metadata,
        Column(f"{owner}_id", ForeignKey(f"{owner_table}.id", ondelete="CASCADE"), primary_key=True),
        Column("source_id", ForeignKey("sources.id"), primary_key=True),
    )
