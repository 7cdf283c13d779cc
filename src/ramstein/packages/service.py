"""Packages move draft -> approved -> contracted -> delivering -> delivered, each move an event.

Coordinators also record which pledges fund each package (`set_funding`); those links decide which
packages' figures the public may not see (`withheld_packages`).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ramstein.audit.log import record, snapshot
from ramstein.auth.actor import Actor
from ramstein.auth.policy import CREATE, READ, TRANSITION, UPDATE, Target, can, require
from ramstein.concurrency import check_version
from ramstein.errors import Conflict, NotFound, ValidationError
from ramstein.models import Offer, Package, PackageFunder, PackageOrder
from ramstein.nations.repository import get_nation
from ramstein.packages import repository as repo
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
    funding = _known_pledges(session, data.funding_pledges)
    repo.replace_funding(session, package.id, funding)
    record(session, actor, "created", "package", package.ref, None,
           {**_package_view(package), "funding_pledges": funding})
    return package


def _known_pledges(session: Session, ids: list[int]) -> list[int]:
    wanted = sorted(set(ids))
    missing = sorted(set(wanted) - repo.list_existing_pledge_ids(session, wanted))
    if missing:
        raise ValidationError(f"unknown pledge(s): {', '.join(map(str, missing))}", field="pledges")
    return wanted


def get_funding(session: Session, actor: Actor, ref: str) -> tuple[Package, list[int]]:
    """A package and the pledges that fund it; only for those who may read everything (the links
    name pledges that may not be released)."""
    require(actor, READ, Target("package"))
    package = get_package(session, ref)
    return package, repo.list_funding_pledge_ids(session, package.id)


def set_funding(session: Session, actor: Actor, ref: str, pledge_ids: list[int],
                expected_version: int | None = None) -> tuple[Package, list[int]]:
    """Record which pledges fund a package (all of them, replacing the links it had): these links, not
    the `package_ref` a nation types on its pledge, decide whether the package's figures are withheld."""
    package = get_package(session, ref)
    require(actor, UPDATE, Target("package"))
    check_version("package", package.version, expected_version)
    wanted = _known_pledges(session, pledge_ids)
    before = {**snapshot(package), "funding_pledges": repo.list_funding_pledge_ids(session, package.id)}
    repo.replace_funding(session, package.id, wanted)
    package.version += 1
    session.flush()
    # whole images, as every package event: `audit verify` replays the links with the columns
    record(session, actor, "funding_set", "package", package.ref, before,
           {**snapshot(package), "funding_pledges": wanted})
    return package, wanted


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
    """Refs of packages whose figures would reveal an undisclosed pledge to this actor: the one rule for
    the packages API, the dashboard and the public report.

    A package that a pledge of undisclosed amount funds (by the links coordinators record with
    `set_funding`; a pledge's own `package_ref` decides nothing) shows anyone who may not read
    everything none of its money nor any quantity that a released unit price would turn into money:
    its target, funders' shares, orders' costs and units, and units delivered against them.
    """
    if can(actor, READ, Target("package")):
        return set()
    return repo.list_refs_funded_by_undisclosed(session)
