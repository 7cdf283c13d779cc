"""Plans: immutable results of allocation runs, with the inputs they used."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import JSON, Float, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ramstein.db.base import MONEY, Base, UTCDateTime
from ramstein.models._columns import created_at


class Plan(Base):
    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    requirement_version: Mapped[int | None] = mapped_column(Integer)
    scenario: Mapped[dict | None] = mapped_column(JSON)
    instance: Mapped[dict] = mapped_column(JSON)
    result: Mapped[dict] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16))
    # the engine's objective is a dimensionless value, not money: a float is its honest type
    objective: Mapped[float] = mapped_column(Float)
    total_cost: Mapped[Decimal] = mapped_column(MONEY)
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = created_at()
    adopted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    adopted_by: Mapped[str | None] = mapped_column(String(100))

    @property
    def gap(self) -> float | None:
        """The relative gap between the plan's value and the best bound proven (None: no bound)."""
        return (self.result or {}).get("solver", {}).get("gap")
