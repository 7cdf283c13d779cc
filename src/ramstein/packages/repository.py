"""Every query about packages."""

from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from ramstein.auth.actor import Actor
from ramstein.auth.policy import read_scope
from ramstein.models import Package, Pledge
from ramstein.models.package import PackageFunding


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


def list_refs_funded_by_undisclosed(session: Session) -> set[str]:
    """Refs of packages that a pledge of undisclosed amount funds, by the coordinators' funding links
    (every such pledge, released or not, withdrawn or not: its amount stays secret either way)."""
    query = (select(Package.ref).join(PackageFunding, PackageFunding.package_id == Package.id)
             .join(Pledge, Pledge.id == PackageFunding.pledge_id)
             .where(or_(Pledge.disclosed.is_(False), Pledge.amount.is_(None))).distinct())
    return set(session.execute(query).scalars())


def list_funding_pledge_ids(session: Session, package_id: int) -> list[int]:
    return list(session.execute(select(PackageFunding.pledge_id).where(PackageFunding.package_id == package_id)
                                .order_by(PackageFunding.pledge_id)).scalars())


def list_existing_pledge_ids(session: Session, ids: list[int]) -> set[int]:
    return set(session.execute(select(Pledge.id).where(Pledge.id.in_(ids))).scalars()) if ids else set()


def replace_funding(session: Session, package_id: int, pledge_ids: list[int]) -> None:
    """The package's funding links become exactly `pledge_ids`."""
    session.execute(PackageFunding.__table__.delete().where(PackageFunding.package_id == package_id))
    if pledge_ids:
        session.execute(PackageFunding.__table__.insert(),
                        [{"package_id": package_id, "pledge_id": pledge_id} for pledge_id in pledge_ids])
