"""Every query about stored plans."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ramstein.errors import NotFound
from ramstein.models import Plan

# ids are 32-bit integers on every back end; a larger number names no plan (and no driver would take it)
LARGEST_ID = 2**31 - 1


def get_plan(session: Session, plan_id: int) -> Plan:
    plan = session.get(Plan, plan_id) if 1 <= plan_id <= LARGEST_ID else None
    if plan is None:
        raise NotFound(f"no plan {plan_id}", field="plan")
    return plan


def get_adopted_plan(session: Session) -> Plan | None:
    """The plan adopted last (adoption is a dated mark; the latest one is in force)."""
    return session.execute(select(Plan).where(Plan.adopted_at.is_not(None))
                           .order_by(Plan.adopted_at.desc(), Plan.id.desc()).limit(1)).scalar_one_or_none()


def get_latest_plan(session: Session) -> Plan | None:
    return session.execute(select(Plan).order_by(Plan.id.desc()).limit(1)).scalar_one_or_none()


def get_plan_in_force(session: Session) -> tuple[Plan | None, str]:
    """The adopted plan, else the latest one, with a sentence saying which (or why there is none)."""
    adopted = get_adopted_plan(session)
    if adopted is not None:
        return adopted, f"plan {adopted.id}, adopted {adopted.adopted_at:%Y-%m-%d} by {adopted.adopted_by}"
    latest = get_latest_plan(session)
    if latest is not None:
        return latest, f"plan {latest.id} of {latest.created_at:%Y-%m-%d}, the latest (no plan is adopted yet)"
    return None, "no plan in the database yet: run `ramstein plan` (or `ramstein forecast`, which runs one)"


def list_plans(session: Session, *, limit: int = 100, offset: int = 0) -> tuple[list[Plan], int]:
    total = session.execute(select(func.count()).select_from(Plan)).scalar_one()
    rows = session.execute(select(Plan).order_by(Plan.id.desc()).limit(limit).offset(offset)).scalars()
    return list(rows), total
