"""Package schemas: a bundle of orders with its funding nations."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from ramstein.schemas import Exact, Figure


class OrderIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    offer: str = Field(min_length=1, description="the offer's ref")
    requirement: str = Field(min_length=1, description="the requirement line's ref")
    quantity: Figure = Field(gt=0)
    cost_usd: Figure = Field(ge=0)
    month: int = Field(ge=0)


class FunderIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    nation: str = Field(min_length=3, max_length=3)
    amount_usd: Figure = Field(gt=0)


class PackageCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    ref: str = Field(min_length=1, max_length=40)
    plan_id: int | None = None
    target_usd: Figure | None = Field(default=None, gt=0)
    orders: list[OrderIn] = Field(default_factory=list)
    funders: list[FunderIn] = Field(default_factory=list)
    contract_refs: list[str] = Field(default_factory=list)
    note: str = ""
    # the pledges that fund it (ids): an undisclosed one withholds the package's figures from the public
    funding_pledges: list[int] = Field(default_factory=list, max_length=10_000)


class FundingSet(BaseModel):
    """Every pledge that funds a package (replacing the links it had), and the package version read."""

    model_config = ConfigDict(extra="forbid")
    pledges: list[int] = Field(max_length=10_000)
    version: int | None = None


class FundingRead(BaseModel):
    package: str
    version: int
    pledges: list[int]


class OrderRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    offer_id: int
    requirement_ref: str
    quantity: Exact | None  # None: withheld, units x the offer's released price would reveal the pledge
    cost_usd: Exact | None  # None: withheld, it would reveal an undisclosed pledge
    month: int


class FunderRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    nation_iso3: str
    amount_usd: Exact | None  # None: withheld, it would reveal an undisclosed pledge


class PackageRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    ref: str
    plan_id: int | None
    status: str
    target_usd: Exact | None
    contract_refs: list[str]
    note: str
    version: int
    released_at: dt.datetime | None
    withheld: bool = False  # money and units hidden: an undisclosed pledge funds this package
    orders: list[OrderRead]
    funders: list[FunderRead]

    @classmethod
    def of(cls, package: object, withheld: bool) -> PackageRead:
        read = cls.model_validate(package)
        if not withheld:
            return read
        return read.model_copy(update={
            "withheld": True, "target_usd": None,
            "orders": [o.model_copy(update={"quantity": None, "cost_usd": None}) for o in read.orders],
            "funders": [f.model_copy(update={"amount_usd": None}) for f in read.funders]})
