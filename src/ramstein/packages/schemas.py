"""Package schemas: a bundle of orders with its funding nations."""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field


class OrderIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    offer: str = Field(min_length=1, description="the offer's ref")
    requirement: str = Field(min_length=1, description="the requirement line's ref")
    quantity: Decimal = Field(gt=0, decimal_places=6)
    cost_usd: Decimal = Field(ge=0, decimal_places=6)
    month: int = Field(ge=0)


class FunderIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    nation: str = Field(min_length=3, max_length=3)
    amount_usd: Decimal = Field(gt=0, decimal_places=6)


class PackageCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    ref: str = Field(min_length=1, max_length=40)
    plan_id: int | None = None
    target_usd: Decimal | None = Field(default=None, gt=0, decimal_places=6)
    orders: list[OrderIn] = Field(default_factory=list)
    funders: list[FunderIn] = Field(default_factory=list)
    contract_refs: list[str] = Field(default_factory=list)
    note: str = ""
