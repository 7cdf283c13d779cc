"""Every query about requirement lists and their lines."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ramstein.models import RequirementLine, RequirementList


def get_current_list(session: Session) -> RequirementList | None:
    return session.execute(
        select(RequirementList).order_by(RequirementList.version.desc()).limit(1)
    ).scalar_one_or_none()


def need_by_of_version(session: Session, version: int) -> dict[str, dt.date]:
    """Each line's need-by date in one version of the list (plans refer to the version they used)."""
    rows = session.execute(select(RequirementLine.ref, RequirementLine.need_by)
                           .join(RequirementList, RequirementList.id == RequirementLine.list_id)
                           .where(RequirementList.version == version))
    return {r.ref: r.need_by for r in rows}


def get_latest_released(session: Session) -> RequirementList | None:
    return session.execute(
        select(RequirementList).where(RequirementList.released_at.is_not(None))
        .order_by(RequirementList.version.desc()).limit(1)
    ).scalar_one_or_none()


def list_lines(session: Session, list_id: int, *, category: str | None = None,
               limit: int | None = None, offset: int = 0) -> tuple[list[RequirementLine], int]:
    query = select(RequirementLine).where(RequirementLine.list_id == list_id)
    if category:
        query = query.where(RequirementLine.category == category)
    total = session.execute(select(func.count()).select_from(query.subquery())).scalar_one()
    query = query.order_by(RequirementLine.priority, RequirementLine.ref).offset(offset)
    if limit is not None:
        query = query.limit(limit)
    return list(session.execute(query).scalars()), total
