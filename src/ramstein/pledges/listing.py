"""Queries for the dashboard's pledge tables: one sorted page, the ids of a whole selection, and the totals
per nation and date that the charts of a whole selection need (so a page never reads every row).

The visibility rule is `read_scope`'s, as in repository.list_pledges; pages come back as its records.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, case, func, or_, select
from sqlalchemy.orm import Session

from ramstein.auth.actor import Actor
from ramstein.auth.policy import read_scope
from ramstein.pledges.repository import PLEDGES, pledge_record, sources_of

c = PLEDGES.c
# the USD amount the public may see: an undisclosed amount sorts as unknown (last), so the order of a
# list never tells where an undisclosed amount lies; totals are the public's for every reader too
PUBLIC_USD = case((c.disclosed.is_(True), c.usd_amount), else_=None)
# the keys a table may be sorted by (`-key` descending); ties are broken by id
SORTS: dict[str, ColumnElement[Any]] = {"date": c.date, "nation": c.nation_iso3, "usd": PUBLIC_USD,
                                        "status": c.status, "confidence": c.confidence, "id": c.id}


@dataclass(frozen=True)
class PledgeQuery:
    """Which pledges a table lists (the filters of the page), and whether only those not yet released."""

    nation: str | None = None
    status: str | None = None
    confidence: Sequence[str] | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    unreleased: bool = False


@dataclass(frozen=True)
class PledgeSum:
    """The pledges of one nation on one date as the public may add them up: USD of the disclosed ones
    summed, the undisclosed ones only counted. Withdrawn pledges are left out."""

    nation: str
    date: dt.date
    usd: Decimal
    undisclosed: int


def order_by(sort: str) -> list[Any]:
    """ORDER BY for a whitelisted key (`date`, `-usd`...); unknown amounts come last either way."""
    key = sort.removeprefix("-")
    if key not in SORTS:
        raise ValueError(f"unknown sort key {sort!r}")
    column, descending = SORTS[key], sort.startswith("-")
    order = [column.desc() if descending else column.asc()]
    if key == "usd":
        order.insert(0, column.is_(None))
    return [*order, c.id.desc() if descending else c.id.asc()]


def _where(actor: Actor, q: PledgeQuery) -> list[Any]:
    where: list[Any] = []
    scope = read_scope(actor, "pledge")
    own = bool(scope.own_nation and q.nation and q.nation.upper() == scope.own_nation)
    if not scope.everything and not own:
        visible = c.released_at.is_not(None)
        if scope.own_nation:
            visible = or_(visible, c.nation_iso3 == scope.own_nation)
        where.append(visible)
    if q.nation:
        where.append(c.nation_iso3 == q.nation.upper())
    if q.status:
        where.append(c.status == q.status)
    if q.confidence:
        where.append(c.confidence.in_(list(q.confidence)))
    if q.since:
        where.append(c.date >= q.since)
    if q.until:
        where.append(c.date <= q.until)
    if q.unreleased:
        where.append(c.released_at.is_(None))
    return where


def page_pledges(session: Session, actor: Actor, q: PledgeQuery, *, sort: str, limit: int,
                 offset: int) -> tuple[list[Any], int]:
    """One page of the pledges `actor` may see that match `q`, in `sort` order, and how many match."""
    session.flush()  # Core reads bypass autoflush
    where = _where(actor, q)
    connection = session.connection()
    total = connection.execute(select(func.count()).select_from(PLEDGES).where(*where)).scalar_one()
    rows = connection.execute(select(PLEDGES).where(*where).order_by(*order_by(sort))
                              .limit(limit).offset(offset)).all()
    sources = sources_of(session, [r.id for r in rows])
    return [pledge_record(r._mapping, sources.get(r.id, [])) for r in rows], total


def pledge_ids(session: Session, actor: Actor, q: PledgeQuery) -> list[int]:
    """The ids of every pledge `actor` may see that matches `q`, in id order."""
    session.flush()
    query = select(c.id).where(*_where(actor, q)).order_by(c.id)
    return list(session.connection().execute(query).scalars())


def sum_pledges(session: Session, actor: Actor, q: PledgeQuery) -> list[PledgeSum]:
    """Totals per nation and date of the pledges matching `q` (withdrawn ones left out), in date order."""
    session.flush()
    hidden = case((PUBLIC_USD.is_(None), 1), else_=0)
    query = (select(c.nation_iso3, c.date, func.sum(PUBLIC_USD), func.sum(hidden))
             .where(*_where(actor, q), c.status != "withdrawn")
             .group_by(c.nation_iso3, c.date).order_by(c.date, c.nation_iso3))
    return [PledgeSum(n, d, Decimal(usd or 0), int(count or 0))
            for n, d, usd, count in session.connection().execute(query)]
