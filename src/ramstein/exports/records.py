"""The public snapshot's records: plain frozen data that the formats (ocds.py, datapackage.py, kiel_tracker.py)
are pure functions of. public.py reads them from the database, with every redaction rule applied."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ramstein.reports.snapshot import SourceFact as Source  # one shape of a cited source

LICENCE = {"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0",
           "path": "https://creativecommons.org/licenses/by/4.0/"}
PUBLISHER = "Ramstein, the PURL coalition ledger"
# what a pledge shows only when its amount is disclosed
PLEDGE_MONEY = ("amount", "usd_amount", "usd_rate", "usd_rate_date", "eur_amount", "eur_rate", "eur_rate_date")


@dataclass(frozen=True)
class PublicPledge:
    id: int
    nation: str
    date: dt.date
    amount: Decimal | None
    currency: str
    disclosed: bool
    estimated: bool
    status: str
    confidence: str
    categories: tuple[str, ...]
    package: str | None
    joint_group: str | None
    usd_amount: Decimal | None
    usd_rate: Decimal | None
    usd_rate_date: dt.date | None
    eur_amount: Decimal | None
    eur_rate: Decimal | None
    eur_rate_date: dt.date | None
    rate_provisional: bool
    note: str
    sources: tuple[Source, ...]
    paid_at: dt.datetime | None  # first recorded as disbursed


@dataclass(frozen=True)
class PublicOrder:
    id: int
    package: str
    offer: str | None  # the offer's ref, None when the offer is not released
    item: str | None
    category: str | None
    supplier: str | None
    requirement: str
    quantity: Decimal | None  # None when withheld (a released unit price would turn it into money)
    cost_usd: Decimal | None
    month: int


@dataclass(frozen=True)
class PublicDelivery:
    id: int
    order_id: int
    package: str
    quantity: Decimal | None  # None when its package is withheld
    date: dt.date
    confidence: str
    note: str
    sources: tuple[Source, ...]
    recorded_at: dt.datetime


@dataclass(frozen=True)
class PublicPackage:
    ref: str
    status: str
    target_usd: Decimal | None
    contract_refs: tuple[str, ...]
    note: str
    withheld: bool
    released_at: dt.datetime
    stage_dates: dict[str, dt.datetime]  # "created" and each status reached: first time
    orders: tuple[PublicOrder, ...]
    funders: tuple[tuple[str, Decimal | None], ...]  # (nation, USD share or None when withheld)


@dataclass(frozen=True)
class PublicData:
    as_of: dt.datetime  # the time of the last change in the log: what the exports reflect
    log_seq: int
    log_hash: str
    # the newest signed checkpoint at or before log_seq (seq, hash, at, key_id, signature), if any
    checkpoint: dict[str, Any] | None
    nations: dict[str, str]  # iso3 -> name
    nation_rows: list[dict[str, Any]]
    figure_rows: list[dict[str, Any]]
    pledges: list[PublicPledge]
    packages: list[PublicPackage]
    deliveries: list[PublicDelivery]
    offer_rows: list[dict[str, Any]]
    requirement_rows: list[dict[str, Any]]
    requirement_version: int | None
