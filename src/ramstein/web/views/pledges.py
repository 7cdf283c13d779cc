"""Read models for the pledge pages: who may see which pledge, with which figures, and the charts.

Charts always sum the public (redacted) view, so an undisclosed amount can never reach a total, and
the totals a coordinator sees are the totals the public sees (SPEC 2: undisclosed counts, not sums).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy.orm import Session

from ramstein.auth.actor import Actor
from ramstein.auth.policy import UPDATE, can
from ramstein.errors import ValidationError
from ramstein.models import Pledge
from ramstein.pledges.listing import PledgeQuery, PledgeSum, page_pledges, sum_pledges
from ramstein.pledges.repository import list_pledges
from ramstein.pledges.schemas import PledgePublic, PledgeRead
from ramstein.pledges.service import sees_in_full, target
from ramstein.states import CONFIDENCES, DEFAULT_CONFIDENCES, PLEDGE_STATUSES
from ramstein.web.charts import Chart, Series
from ramstein.web.paging import Paging

# the keys the pledge table sorts by (pledges/listing.SORTS), the default first
PLEDGE_SORTS = ("date", "nation", "usd", "status", "confidence")


@dataclass(frozen=True)
class PledgeFilter:
    nation: str | None = None
    status: str | None = None
    confidence: tuple[str, ...] = DEFAULT_CONFIDENCES
    since: dt.date | None = None
    until: dt.date | None = None

    @classmethod
    def parse(cls, nation: str = "", status: str = "", confidence: list[str] | None = None,
              since: str = "", until: str = "") -> PledgeFilter:
        """From a GET form: empty fields mean 'any'; an unknown value is named, not ignored."""
        if status and status not in PLEDGE_STATUSES:
            raise ValidationError(f"status must be one of {', '.join(PLEDGE_STATUSES)}", field="status")
        levels = tuple(c for c in CONFIDENCES if c in (confidence or DEFAULT_CONFIDENCES))
        if confidence and len(levels) != len(set(confidence)):
            raise ValidationError(f"confidence must be among {', '.join(CONFIDENCES)}", field="confidence")
        return cls(nation.strip().upper() or None, status or None, levels, _date(since, "since"),
                   _date(until, "until"))

    def query(self, unreleased: bool = False) -> PledgeQuery:
        return PledgeQuery(self.nation, self.status, self.confidence, self.since, self.until, unreleased)


def _date(text: str, name: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        raise ValidationError(f"not a date: {text!r} (use YYYY-MM-DD)", field=name) from None


@dataclass(frozen=True)
class PledgeRow:
    """One pledge as this actor may see it: `full` only for its nation, coordinators and auditors."""

    public: PledgePublic
    full: PledgeRead | None
    editable: bool
    released: bool

    @property
    def amount(self) -> Decimal | None:
        return self.full.amount if self.full else self.public.amount

    @property
    def usd_amount(self) -> Decimal | None:
        return self.full.usd_amount if self.full else self.public.usd_amount


def pledge_row(actor: Actor, pledge: Pledge) -> PledgeRow:
    full = PledgeRead.model_validate(pledge) if sees_in_full(actor, pledge) else None
    return PledgeRow(PledgePublic.of(pledge), full, can(actor, UPDATE, target(pledge)),
                     pledge.released_at is not None)


def visible_pledges(session: Session, actor: Actor, flt: PledgeFilter) -> list[Pledge]:
    """The pledges matching the filter that the policy lets this actor read (the public: released ones)."""
    rows, _ = list_pledges(session, actor, nation=flt.nation, status=flt.status, confidence=flt.confidence,
                           since=flt.since, until=flt.until)
    return rows


def counted(rows: list[PledgeRow]) -> list[PledgePublic]:
    """What totals add up: the public view of every pledge that is not withdrawn."""
    return [r.public for r in rows if r.public.status != "withdrawn"]


def sums_of(rows: list[PledgeRow]) -> list[PledgeSum]:
    """Rows already read, as the totals the charts add up (one per pledge)."""
    return [PledgeSum(p.nation, p.date, p.usd_amount or Decimal(0), int(p.usd_amount is None))
            for p in counted(rows)]


def by_nation_chart(sums: list[PledgeSum], levels: tuple[str, ...], chart_id: str = "by-nation") -> Chart:
    totals: dict[str, Decimal] = defaultdict(Decimal)
    hidden: dict[str, int] = defaultdict(int)
    for s in sums:
        hidden[s.nation] += s.undisclosed
        if s.usd or not s.undisclosed:
            totals[s.nation] += s.usd
    nations = sorted(set(totals) | set(hidden), key=lambda n: (-totals.get(n, Decimal(0)), n))
    undisclosed = sum(hidden.values())
    note = (f"{undisclosed} pledge(s) of undisclosed amount are counted but not summed; withdrawn ones excluded."
            if undisclosed else "Withdrawn pledges are excluded.")
    return Chart(chart_id, "Money pledged by nation (USD at the ECB rate of each pledge's date)", "hbar",
                 nations, [Series("Pledged, USD", [totals.get(n, Decimal(0)) for n in nations])], "USD",
                 levels, label_name="Nation", note=note,
                 links=[f"/nations/{n}" for n in nations])


def month_range(first: str, last: str) -> list[str]:
    """Every month from first to last (YYYY-MM), so a quiet month shows as a flat step, not a gap."""
    year, month = map(int, first.split("-"))
    months = []
    while f"{year:04d}-{month:02d}" <= last:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def over_time_chart(sums: list[PledgeSum], levels: tuple[str, ...]) -> Chart:
    monthly: dict[str, Decimal] = defaultdict(Decimal)
    for s in sums:
        if s.usd or not s.undisclosed:
            monthly[s.date.strftime("%Y-%m")] += s.usd
    months = month_range(min(monthly), max(monthly)) if monthly else []
    running, cumulative = Decimal(0), []
    for month in months:
        running += monthly.get(month, Decimal(0))
        cumulative.append(running)
    return Chart("over-time", "Money pledged over time, cumulative (USD)", "line", months,
                 [Series("Pledged in the month", [monthly.get(m, Decimal(0)) for m in months]),
                  Series("Cumulative", cumulative)], "USD", levels, label_name="Month",
                 note="Undisclosed amounts and withdrawn pledges are not summed.")


@dataclass(frozen=True)
class PledgePage:
    filter: PledgeFilter
    rows: list[PledgeRow]  # this page's
    paging: Paging
    by_nation: Chart
    over_time: Chart
    total_usd: Decimal
    undisclosed: int


def pledge_page(session: Session, actor: Actor, flt: PledgeFilter, paging: Paging) -> PledgePage:
    """One page of the table; the cards and charts count every matching pledge (totals per nation and
    date from the database, never every row)."""
    sums = sum_pledges(session, actor, flt.query())
    found, total = page_pledges(session, actor, flt.query(), sort=paging.sort, limit=paging.per_page,
                                offset=paging.offset)
    asked, paging = paging.offset, paging.counted(total)
    if paging.offset != asked:  # a page past the end shows the last one
        found, total = page_pledges(session, actor, flt.query(), sort=paging.sort, limit=paging.per_page,
                                    offset=paging.offset)
    return PledgePage(flt, [pledge_row(actor, p) for p in found], paging, by_nation_chart(sums, flt.confidence),
                      over_time_chart(sums, flt.confidence), sum((s.usd for s in sums), Decimal(0)),
                      sum(s.undisclosed for s in sums))
