"""Offer schemas: a supplier's price, lead time and capacity for an item."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ramstein.schemas import Exact, Figure, SourceIn, SourceRead


class OfferIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    ref: str = Field(min_length=1, max_length=40)
    item: str = Field(min_length=1, max_length=120)
    category: str = Field(min_length=1, max_length=40, pattern=r"^[a-z_]+$")
    supplier: str = Field(min_length=1, max_length=200)
    origin: str
    region: str
    site: str = ""
    unit_price: Figure = Field(gt=0)
    currency: str
    price_date: dt.date
    lead_time_months: int = Field(ge=0, le=240)
    capacity_per_month: Figure = Field(ge=0)
    min_order: Figure = Field(default=Decimal(0), ge=0)
    integer: bool = True
    # production: lead time and monthly capacity; stock: units available in all, handed over in 0-1 month
    source: Literal["production", "stock"] = "production"
    available_quantity: Figure | None = Field(default=None, ge=0)
    confidence: str
    illustrative: bool = False
    sources: list[SourceIn] = Field(min_length=1)
    note: str = ""


class OfferUpdate(OfferIn):
    """A whole offer as replaced over the API, with the version it was based on (or If-Match)."""

    version: int | None = None


class OfferRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    ref: str
    item: str
    category: str
    supplier: str
    origin: str
    region: str
    site: str
    unit_price: Exact
    currency: str
    price_date: dt.date
    lead_time_months: int
    capacity_per_month: Exact
    min_order: Exact
    integer: bool
    source: str
    available_quantity: Exact | None
    confidence: str
    illustrative: bool
    note: str
    version: int
    released_at: dt.datetime | None
    sources: list[SourceRead]
