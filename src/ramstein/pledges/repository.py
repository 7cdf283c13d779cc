"""Every query about pledges.

Lists are read with Core statements into plain records (the pledge's columns as attributes, plus
`sources`): every reader of a list only reads, and loading ORM objects with their relationships
costs several times the queries themselves. Changing a pledge goes through the ORM (service.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from types import SimpleNamespace
from typing import Any

from sqlalchemy import bindparam, func, or_, select
from sqlalchemy.orm import Session

from ramstein.auth.actor import Actor
from ramstein.auth.policy import read_scope
from ramstein.models import Pledge, Source
from ramstein.models.pledge import pledge_sources

PLEDGES = Pledge.__table__
SOURCES = Source.__table__
# ids per IN (...) when fetching sources: well under every back end's limit on bound parameters
ID_CHUNK = 5000
# built once: constructing and hashing this join for every page cost a tenth of a 20-row read
_SOURCES_OF = (select(pledge_sources.c.pledge_id, *SOURCES.c)
               .join(SOURCES, SOURCES.c.id == pledge_sources.c.source_id)
               .where(pledge_sources.c.pledge_id.in_(bindparam("ids", expanding=True))))


def pledge_record(columns: Mapping[str, Any], sources: list[Any]) -> Any:
    """A read-only pledge: its columns as attributes and its sources in id order."""
    return SimpleNamespace(**columns, sources=sorted(sources, key=lambda s: s.id))


def list_pledges(session: Session, actor: Actor, *, nation: str | None = None, status: str | None = None,
                 confidence: Sequence[str] | None = None, since: dt.date | None = None,
                 until: dt.date | None = None, limit: int | None = None,
                 offset: int = 0) -> tuple[list[Any], int]:
    """The pledges `actor` may see, filtered, in (date, id) order, with the total before paging."""
    session.flush()  # Core reads bypass autoflush: changes made in this unit of work must be visible
    c = PLEDGES.c
    where = _visible(actor, nation)
    if nation:
        where.append(c.nation_iso3 == nation.upper())
    if status:
        where.append(c.status == status)
    if confidence:
        where.append(c.confidence.in_(list(confidence)))
    if since:
        where.append(c.date >= since)
    if until:
        where.append(c.date <= until)
    connection = session.connection()
    total = connection.execute(select(func.count()).select_from(PLEDGES).where(*where)).scalar_one()
    query = select(PLEDGES).where(*where).order_by(c.date, c.id).offset(offset)
    if limit is not None:
        query = query.limit(limit)
    rows = connection.execute(query).all()
    sources = sources_of(session, [r.id for r in rows])
    return [pledge_record(r._mapping, sources.get(r.id, [])) for r in rows], total


def _visible(actor: Actor, nation: str | None = None) -> list[Any]:
    """The filter that leaves the pledges `actor` may see (none when the actor sees them all)."""
    c = PLEDGES.c
    scope = read_scope(actor, "pledge")
    # a nation reading its own pledges sees them all: no visibility test, so the (nation, date, id)
    # index answers the count and the page without reading every row
    if scope.everything or (scope.own_nation and nation and nation.upper() == scope.own_nation):
        return []
    visible = c.released_at.is_not(None)
    if scope.own_nation:
        visible = or_(visible, c.nation_iso3 == scope.own_nation)
    return [visible]


# what planning needs of a pledge whose money is pooled, and nothing else
_POOLED_COLUMNS = (PLEDGES.c.id, PLEDGES.c.nation_iso3, PLEDGES.c.date, PLEDGES.c.categories,
                   PLEDGES.c.usd_amount, PLEDGES.c.usd_rate, PLEDGES.c.usd_rate_date, PLEDGES.c.estimated)


def iter_pooled_money(session: Session, actor: Actor, statuses: Sequence[str]) -> Iterator[Any]:
    """Disclosed pledges in `statuses` with a USD amount, as `actor` may see them, in (date, id) order:
    only the columns a plan uses, streamed (the ledger may hold 100,000 pledges)."""
    session.flush()
    c = PLEDGES.c
    query = (select(*_POOLED_COLUMNS)
             .where(c.status.in_(list(statuses)), c.disclosed.is_(True), c.usd_amount.is_not(None),
                    *_visible(actor))
             .order_by(c.date, c.id))
    yield from session.connection().execute(query.execution_options(yield_per=ID_CHUNK))


def sources_of(session: Session, pledge_ids: list[int]) -> dict[int, list[Any]]:
    """Each pledge's sources, by pledge id."""
    found: dict[int, list[Any]] = {}
    for start in range(0, len(pledge_ids), ID_CHUNK):
        for row in session.connection().execute(_SOURCES_OF, {"ids": pledge_ids[start:start + ID_CHUNK]}):
            found.setdefault(row.pledge_id, []).append(row)
    return found


def count_provisional(session: Session) -> int:
    """Pledges converted at a provisional rate (their date's rate was not loaded yet)."""
    return session.execute(select(func.count()).select_from(PLEDGES)
                           .where(PLEDGES.c.rate_provisional.is_(True))).scalar_one()
