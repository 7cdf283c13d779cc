"""Pledge schemas: what a user sends (Create/Update) and what they read back (Read)."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from ramstein.schemas import Amount, Exact, SourceIn, SourceRead


class PledgeCreate(BaseModel):
    """A pledge as recorded by a nation or imported; `nation` may list several codes for a joint pledge."""

    model_config = ConfigDict(extra="forbid")
    nation: str
    date: dt.date
    amount: Amount | None = None
    currency: str
    status: str = "announced"
    confidence: str
    sources: list[SourceIn] = Field(min_length=1)
    disclosed: bool = True
    categories: list[str] | None = None
    package_ref: str | None = None
    note: str = ""
    # only for currencies ECB does not publish: USD per one unit of `currency`, with its source
    usd_rate: Amount | None = None
    rate_source: str | None = None
    # the standing of the cited sources when the pledge itself is an estimate derived from them
    # (default: `confidence`); a joint pledge's GDP-split parts are always `estimated`
    source_confidence: str | None = None


class PledgeUpdate(BaseModel):
    """Fields a pledge's owner may correct; `version` is the one read (or send If-Match instead)."""

    model_config = ConfigDict(extra="forbid")
    version: int | None = None
    date: dt.date | None = None
    amount: Amount | None = None
    currency: str | None = None
    confidence: str | None = None
    sources: list[SourceIn] | None = Field(default=None, min_length=1)
    disclosed: bool | None = None
    categories: list[str] | None = None
    package_ref: str | None = None
    note: str | None = None
    usd_rate: Amount | None = None
    rate_source: str | None = None


class PledgeTransition(BaseModel):
    model_config = ConfigDict(extra="forbid")
    status: str
    version: int | None = None


class PledgeRead(BaseModel):
    """The full record, for its own nation, coordinators and auditors."""

    model_config = ConfigDict(from_attributes=True)
    id: int
    nation: str = Field(validation_alias="nation_iso3")
    date: dt.date
    amount: Exact | None
    currency: str
    disclosed: bool
    status: str
    confidence: str
    categories: list[str] | None
    package_ref: str | None
    note: str
    estimated: bool
    joint_group: str | None
    joint_total: Exact | None
    usd_amount: Exact | None
    usd_rate: Exact | None
    usd_rate_date: dt.date | None
    eur_amount: Exact | None
    eur_rate: Exact | None
    eur_rate_date: dt.date | None
    rate_provisional: bool = Field(description="converted at the latest published rate until the ECB publishes "
                                   "the rate of the pledge's date (`ramstein rates update`)")
    version: int
    created_by: str
    created_at: dt.datetime
    updated_at: dt.datetime
    released_at: dt.datetime | None
    sources: list[SourceRead]


class PledgePublic(BaseModel):
    """What the public may see: an undisclosed amount and everything derived from it are null."""

    id: int
    nation: str
    date: dt.date
    amount: Exact | None
    currency: str
    disclosed: bool
    status: str
    confidence: str
    categories: list[str] | None
    package: str | None
    note: str
    estimated: bool
    joint_group: str | None
    usd_amount: Exact | None
    usd_rate: Exact | None
    usd_rate_date: dt.date | None
    eur_amount: Exact | None
    eur_rate: Exact | None
    eur_rate_date: dt.date | None
    rate_provisional: bool
    sources: list[SourceRead]

    @classmethod
    def of(cls, p: object) -> PledgePublic:
        shown = bool(p.disclosed)

        def keep(name: str) -> object:
            return getattr(p, name) if shown else None

        return cls(
            id=p.id, nation=p.nation_iso3, date=p.date, amount=keep("amount"), currency=p.currency,  # type: ignore[attr-defined]
            disclosed=shown, status=p.status, confidence=p.confidence, categories=p.categories,  # type: ignore[attr-defined]
            package=p.package_ref, note=p.note, estimated=p.estimated, joint_group=p.joint_group,  # type: ignore[attr-defined]
            usd_amount=keep("usd_amount"), usd_rate=keep("usd_rate"), usd_rate_date=keep("usd_rate_date"),
            eur_amount=keep("eur_amount"), eur_rate=keep("eur_rate"), eur_rate_date=keep("eur_rate_date"),
            rate_provisional=bool(p.rate_provisional) and shown,  # type: ignore[attr-defined]
            sources=[SourceRead.model_validate(s) for s in p.sources],  # type: ignore[attr-defined]
        )
