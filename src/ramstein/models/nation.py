"""Nations and their dated figures (GDP, defence spending), each with its source."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import Boolean, ForeignKey, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ramstein.db.base import Base
from ramstein.models.source import Source


class Nation(Base):
    __tablename__ = "nations"

    iso3: Mapped[str] = mapped_column(String(3), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    nato: Mapped[bool] = mapped_column(Boolean, default=False)
    eu: Mapped[bool] = mapped_column(Boolean, default=False)
    currency: Mapped[str] = mapped_column(String(3))
    note: Mapped[str] = mapped_column(Text, default="")

    figures: Mapped[list[NationFigure]] = relationship(
        back_populates="nation", lazy="selectin", order_by="(NationFigure.measure, NationFigure.year)")


class NationFigure(Base):
    """One dated figure: `gdp_usd` (USD) or `defence_pct_gdp` (percent)."""

    __tablename__ = "nation_figures"
    __table_args__ = (UniqueConstraint("nation_iso3", "year", "measure", name="nation_year_measure"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    nation_iso3: Mapped[str] = mapped_column(ForeignKey("nations.iso3"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    measure: Mapped[str] = mapped_column(String(32))
    value: Mapped[Decimal] = mapped_column(Numeric(30, 6))
    basis: Mapped[str] = mapped_column(Text, default="")
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"))

    nation: Mapped[Nation] = relationship(back_populates="figures", lazy="raise")
    source: Mapped[Source] = relationship(lazy="selectin")
