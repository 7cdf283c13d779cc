"""Every query about pledges."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from ramstein.auth.actor import Actor
from ramstein.auth.policy import read_scope
from ramstein.models import Pledge


def list_pledges(session: Session, actor: Actor, *, nation: str | None = None, status: str | None = None,
                 confidence: Sequence[str] | None = None, since: dt.date | None = None,
                 until: dt.date | None = None, limit: int | None = None,
                 offset: int = 0) -> tuple[list[Pledge], int]:
    query = select(Pledge)
    scope = read_scope(actor, "pledge")
    if not scope.everything:
        visible = Pledge.released_at.is_not(None)
        if scope.own_nation:
            visible = or_(visible, Pledge.nation_iso3 == scope.own_nation)
        query = query.where(visible)
    if nation:
        query = query.where(Pledge.nation_iso3 == nation.upper())
    if status:
        query = query.where(Pledge.status == status)
    if confidence:
        query = query.where(Pledge.confidence.in_(list(confidence)))
    if since:
        query = query.where(Pledge.date >= since)
    if until:
        query = query.where(Pledge.date <= until)
    total = session.execute(select(func.count()).select_from(query.subquery())).scalar_one()
    query = query.order_by(Pledge.date, Pledge.id).offset(offset)
    if limit is not None:
        query = query.limit(limit)
    return list(session.execute(query).scalars()), total
