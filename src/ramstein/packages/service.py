"""Packages move draft -> approved -> contracted -> delivering -> delivered, each move an event."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ramstein.audit.log import record, snapshot
from ramstein.auth.actor import Actor
from ramstein.auth.policy import CREATE, READ, TRANSITION, Target, can, require
from ramstein.concurrency import check_version
from ramstein.errors import Conflict, NotFound, ValidationError
from ramstein.models import Offer, Package, PackageFunder, PackageOrder, Pledge
from ramstein.nations.repository import get_nation
from ramstein.packages.schemas import PackageCreate
from ramstein.states import PACKAGE_MOVES, check_move


def _package_view(package: Package) -> dict[str, object]:
    view = snapshot(package)
    view["orders"] = [snapshot(o) for o in package.orders]
    view["funders"] = [snapshot(f) for f in package.funders]
    return view


def create_package(session: Session, actor: Actor, data: PackageCreate) -> Package:
    require(actor, CREATE, Target("package"))
    if session.execute(select(Package.id).where(Package.ref == data.ref)).first():
        raise Conflict(f"a package {data.ref!r} exists already", field="ref")
    offers = {o.ref: o for o in session.execute(
        select(Offer).where(Offer.ref.in_([x.offer for x in data.orders]))).scalars()}
    missing = sorted({x.offer for x in data.orders} - set(offers))
    if missing:
        raise ValidationError(f"unknown offer(s): {', '.join(missing)}", field="orders")
    for funder in data.funders:
        get_nation(session, funder.nation)
    package = Package(ref=data.ref, plan_id=data.plan_id, target_usd=data.target_usd,
                      contract_refs=data.contract_refs, note=data.note, status="draft")
    package.orders = [PackageOrder(offer_id=offers[x.offer].id, requirement_ref=x.requirement,
                                   quantity=x.quantity, cost_usd=x.cost_usd, month=x.month) for x in data.orders]
    package.funders = [PackageFunder(nation_iso3=f.nation.upper(), amount_usd=f.amount_usd) for f in data.funders]
    session.add(package)
    session.flush()
    record(session, actor, "created", "package", package.ref, None, _package_view(package))
    return package


def get_package(session: Session, ref: str) -> Package:
    package = session.execute(select(Package).where(Package.ref == ref)).scalar_one_or_none()
    if package is None:
        raise NotFound(f"no package {ref!r}", field="package")
    return package


def get_visible_package(session: Session, actor: Actor, ref: str) -> Package:
    package = session.execute(select(Package).where(Package.ref == ref)).scalar_one_or_none()
    if package is None or not can(actor, READ, Target("package", released=package.released_at is not None)):
        raise NotFound(f"no package {ref!r}", field="package")
    return package


def transition_package(session: Session, actor: Actor, ref: str, target: str,
                       expected_version: int | None = None) -> Package:
    package = get_package(session, ref)
    require(actor, TRANSITION, Target("package"))
    check_version("package", package.version, expected_version)
    check_move("package", PACKAGE_MOVES, package.status, target)
    before = snapshot(package)
    package.status = target
    package.version += 1
    session.flush()
    record(session, actor, target, "package", package.ref, before, snapshot(package))
    return package


def withheld_packages(session: Session, actor: Actor) -> set[str]:
    """Refs of packages whose money figures would reveal an undisclosed pledge to this actor.

    A package funded by an undisclosed pledge shows anyone who may not read everything neither its
    funders' shares nor its orders' costs (either would let the amount be subtracted out).
    """
    if can(actor, READ, Target("package")):
        return set()
    rows = session.execute(select(Pledge.package_ref).where(
        Pledge.package_ref.is_not(None), or_(Pledge.disclosed.is_(False), Pledge.amount.is_(None)))).scalars()
    return set(rows)
