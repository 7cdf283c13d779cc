"""Immutable facts the triple-win report is computed from.

The service reads the database once into these records; everything after that is pure, so the
arithmetic is tested without a database and the same snapshot always gives the same report.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class SourceFact:
    title: str
    url: str
    confidence: str


@dataclass(frozen=True)
class PledgeFact:
    """A pledge with its stored USD figure and the rate that produced it (for tracing)."""

    id: int
    nation: str
    date: dt.date
    amount: Decimal | None  # None: undisclosed
    currency: str
    disclosed: bool
    status: str
    confidence: str
    usd_amount: Decimal | None
    usd_rate: Decimal | None
    usd_rate_date: dt.date | None
    estimated: bool = False  # a GDP split of a joint pledge
    joint_group: str | None = None
    package: str | None = None
    sources: tuple[SourceFact, ...] = ()
    rate_provisional: bool = False  # at the latest published rate until the date's own is loaded

    @property
    def summable(self) -> bool:
        """Only disclosed amounts with a USD figure are ever added up."""
        return self.disclosed and self.amount is not None and self.usd_amount is not None


@dataclass(frozen=True)
class NationFact:
    iso3: str
    name: str
    nato: bool
    eu: bool
    # year -> value; gdp in USD, defence spending in percent of GDP
    gdp_usd: dict[int, Decimal] = field(default_factory=dict)
    defence_pct_gdp: dict[int, Decimal] = field(default_factory=dict)
    # "gdp_usd:2025" -> the figure's source
    sources: dict[str, SourceFact] = field(default_factory=dict)


@dataclass(frozen=True)
class OfferFact:
    ref: str
    item: str
    category: str
    supplier: str
    origin: str
    region: str
    site: str
    unit_price_usd: Decimal | None  # None when the price could not be converted
    unit_price: Decimal
    currency: str
    rate: Decimal | None
    rate_date: dt.date | None
    illustrative: bool = False  # any of its figures (price, lead time, capacity) is our assumption


@dataclass(frozen=True)
class LineFact:
    ref: str
    item: str
    category: str
    quantity: Decimal
    priority: int
    need_by: dt.date
    illustrative: bool = False  # Ukraine's real list is not public


@dataclass(frozen=True)
class OrderFact:
    """One order: from a plan (funded) or from a package (ordered once contracted)."""

    requirement: str
    offer: str
    quantity: Decimal
    cost_usd: Decimal
    delivered: Decimal = Decimal(0)  # units delivered against it (package orders only)


@dataclass(frozen=True)
class PlanFact:
    id: int
    adopted: bool
    created_at: dt.datetime
    requirement_version: int | None
    orders: tuple[OrderFact, ...]


@dataclass(frozen=True)
class Completion:
    """Expected completion of a line or category from the forecast, as calendar months (YYYY-MM)."""

    p50: str | None
    p90: str | None


@dataclass(frozen=True)
class PublicTotal:
    as_of: dt.date
    scope: str
    amount: Decimal
    currency: str
    comparison: str
    confidence: str
    source_title: str
    source_url: str
    note: str
    since: dt.date | None = None  # a total of one period (e.g. 2026 only); None: since the programme began


@dataclass(frozen=True)
class Snapshot:
    as_of: dt.date
    public: bool  # True: only released records, and nothing undisclosed derivable
    confidences: tuple[str, ...]
    statuses: tuple[str, ...]
    pledges: tuple[PledgeFact, ...]
    nations: tuple[NationFact, ...]
    offers: tuple[OfferFact, ...]
    lines: tuple[LineFact, ...]
    requirement_version: int | None
    plan: PlanFact | None
    plan_reason: str  # why the plan section is what it is (which plan, or why none)
    package_orders: tuple[OrderFact, ...] = ()  # orders in contracted-or-later packages
    completion: dict[str, Completion] = field(default_factory=dict)  # line ref or "category:<c>"
    completion_reason: str = ""
    public_totals: tuple[PublicTotal, ...] = ()
    all_pledges: tuple[PledgeFact, ...] = ()  # every visible pledge, for the public-totals check
    data_version: str = ""  # the bundled reference dataset and the day it was last checked
    data_as_of: dt.date | None = None
