"""Reading the event log: only for those the policy lets read events."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ramstein.auth.actor import Actor
from ramstein.auth.policy import READ, Target, require
from ramstein.models import Event


def list_events(session: Session, actor: Actor, *, entity: str | None = None, entity_id: str | None = None,
                by: str | None = None, since: dt.datetime | None = None, limit: int = 100,
                offset: int = 0) -> tuple[list[Event], int]:
    require(actor, READ, Target("event"))
    query = select(Event)
    if entity:
        query = query.where(Event.entity == entity)
    if entity_id:
        query = query.where(Event.entity_id == entity_id)
    if by:
        query = query.where(Event.actor == by)
    if since:
        query = query.where(Event.at >= since)
    total = session.execute(select(func.count()).select_from(query.subquery())).scalar_one()
    rows = session.execute(query.order_by(Event.seq.desc()).limit(limit).offset(offset)).scalars()
    return list(rows), total
