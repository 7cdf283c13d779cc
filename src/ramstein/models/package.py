"""Packages: bundles of adopted orders with their funding nations, tracked to delivery."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import JSON, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ramstein.db.base import MONEY, QUANTITY, Base, UTCDateTime
from ramstein.models._columns import created_at, updated_at


class Package(Base):
    __tablename__ = "packages"

    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(40), unique=True)
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("plans.id"))
    status: Mapped[str] = mapped_column(String(12), default="draft")
    target_usd: Mapped[Decimal | None] = mapped_column(MONEY)
    contract_refs: Mapped[list[str]] = mapped_column(JSON, default=list)
    note: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[dt.datetime] = created_at()
    updated_at: Mapped[dt.datetime] = updated_at()
    # set by a coordinator's release: from then on the public sees this record
    released_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), index=True)

    orders: Mapped[list[PackageOrder]] = relationship(back_populates="package", lazy="selectin")
    funders: Mapped[list[PackageFunder]] = relationship(back_populates="package", lazy="selectin")


class PackageOrder(Base):
    __tablename__ = "package_orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    package_id: Mapped[int] = mapped_column(ForeignKey("packages.id", ondelete="CASCADE"), index=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("offers.id"))
    requirement_ref: Mapped[str] = mapped_column(String(40))
    quantity: Mapped[Decimal] = mapped_column(QUANTITY)
    cost_usd: Mapped[Decimal] = mapped_column(MONEY)
    month: Mapped[int] = mapped_column(Integer)

    package: Mapped[Package] = relationship(back_populates="orders", lazy="raise")


class PackageFunder(Base):
    __tablename__ = "package_funders"

    package_id: Mapped[int] = mapped_column(ForeignKey("packages.id", ondelete="CASCADE"), primary_key=True)
    nation_iso3: Mapped[str] = mapped_column(ForeignKey("nations.iso3"), primary_key=True)
    amount_usd: Mapped[Decimal] = mapped_column(MONEY)

    package: Mapped[Package] = relationship(back_populates="funders", lazy="raise")


class PackageFunding(Base):
    """A coordinator's record that a pledge funds a package (set through packages.service.set_funding).

    It decides which packages' figures are withheld from the public (an undisclosed pledge funds them);
    a pledge's `package_ref` is only the nation's own free-text claim and decides nothing.
    """

    __tablename__ = "package_funding_links"

    package_id: Mapped[int] = mapped_column(ForeignKey("packages.id", ondelete="CASCADE"), primary_key=True)
    pledge_id: Mapped[int] = mapped_column(ForeignKey("pledges.id"), primary_key=True, index=True)
