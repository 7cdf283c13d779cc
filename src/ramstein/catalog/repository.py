"""Every query about offers."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ramstein.auth.actor import Actor
from ramstein.auth.policy import read_scope
from ramstein.models import Offer


def list_offers(session: Session, actor: Actor, *, category: str | None = None, limit: int | None = None,
                offset: int = 0) -> tuple[list[Offer], int]:
    query = select(Offer)
    if not read_scope(actor, "offer").everything:
        query = query.where(Offer.released_at.is_not(None))
    if category:
        query = query.where(Offer.category == category)
    total = session.execute(select(func.count()).select_from(query.subquery())).scalar_one()
    query = query.order_by(Offer.ref).offset(offset)
    if limit is not None:
        query = query.limit(limit)
    return list(session.execute(query).scalars()), total
