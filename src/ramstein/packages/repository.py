"""Every query about packages."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ramstein.auth.actor import Actor
from ramstein.auth.policy import read_scope
from ramstein.models import Package


def list_packages(session: Session, actor: Actor, *, status: str | None = None, limit: int | None = None,
                  offset: int = 0) -> tuple[list[Package], int]:
    query = select(Package)
    if not read_scope(actor, "package").everything:
        query = query.where(Package.released_at.is_not(None))
    if status:
        query = query.where(Package.status == status)
    total = session.execute(select(func.count()).select_from(query.subquery())).scalar_one()
    query = query.order_by(Package.id).offset(offset)
    if limit is not None:
        query = query.limit(limit)
    return list(session.execute(query).scalars()), total
