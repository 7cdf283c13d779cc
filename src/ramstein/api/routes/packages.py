"""Packages and their deliveries: coordinators create and move them; the public reads released ones."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Header, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from ramstein.api.deps import AuthorizationDep, IdempotencyKeyDep, IdPath, PageDep, run_read
from ramstein.api.idempotency import run_write
from ramstein.api.schemas import ERROR_RESPONSES, Paginated
from ramstein.api.versions import etag, expected_version
from ramstein.auth.actor import Actor
from ramstein.deliveries.service import record_delivery
from ramstein.packages.repository import list_packages
from ramstein.packages.schemas import FundingRead, FundingSet, PackageCreate, PackageRead
from ramstein.packages.service import (
    create_package,
    get_funding,
    get_visible_package,
    set_funding,
    transition_package,
    withheld_packages,
)
from ramstein.schemas import Exact, Figure, SourceIn

router = APIRouter(tags=["packages"], responses=ERROR_RESPONSES)


class PackageTransition(BaseModel):
    model_config = ConfigDict(extra="forbid")
    status: str
    version: int | None = None


class DeliveryIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    quantity: Figure = Field(gt=0)
    date: dt.date
    confidence: str
    sources: list[SourceIn] = Field(min_length=1)
    note: str = ""


class DeliveryRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    order_id: int
    quantity: Exact
    date: dt.date
    confidence: str
    note: str


@router.get("/packages", response_model=Paginated[PackageRead])
async def get_packages(request: Request, page: PageDep, status: str | None = None,
                       authorization: AuthorizationDep = None) -> Paginated[PackageRead]:
    def read(session: Session, actor: Actor) -> Paginated[PackageRead]:
        rows, total = list_packages(session, actor, status=status, limit=page.limit, offset=page.offset)
        hidden = withheld_packages(session, actor)
        return Paginated[PackageRead](items=[PackageRead.of(p, p.ref in hidden) for p in rows], total=total)
    return await run_read(request, authorization, read)


@router.get("/packages/{ref}", response_model=PackageRead)
async def get_one(ref: str, request: Request, authorization: AuthorizationDep = None) -> JSONResponse:
    def read(session: Session, actor: Actor) -> JSONResponse:
        package = get_visible_package(session, actor, ref)
        body = PackageRead.of(package, ref in withheld_packages(session, actor)).model_dump(mode="json")
        return JSONResponse(body, headers={"ETag": etag(package.version)})
    return await run_read(request, authorization, read)


@router.post("/packages", status_code=201, response_model=PackageRead)
async def create(body: PackageCreate, request: Request, key: IdempotencyKeyDep = None,
                 authorization: AuthorizationDep = None) -> JSONResponse:
    return await run_write(request, authorization, key, body,
                     lambda session, actor: PackageRead.model_validate(create_package(session, actor, body)),
                     headers=lambda r: {"ETag": etag(r.version)})


@router.post("/packages/{ref}/transitions", response_model=PackageRead)
async def transition(ref: str, body: PackageTransition, request: Request, if_match: Annotated[str | None,
                     Header()] = None, key: IdempotencyKeyDep = None,
                     authorization: AuthorizationDep = None) -> JSONResponse:
    """draft -> approved -> contracted -> delivering -> delivered."""
    version = expected_version(body.version, if_match)
    return await run_write(request, authorization, key, body, lambda session, actor: PackageRead.model_validate(
        transition_package(session, actor, ref, body.status, version)), 200,
        lambda r: {"ETag": etag(r.version)})


@router.get("/packages/{ref}/funding", response_model=FundingRead)
async def get_package_funding(ref: str, request: Request, authorization: AuthorizationDep = None) -> FundingRead:
    """The pledges that fund a package, for coordinators and auditors."""
    def read(session: Session, actor: Actor) -> FundingRead:
        package, pledges = get_funding(session, actor, ref)
        return FundingRead(package=package.ref, version=package.version, pledges=pledges)
    return await run_read(request, authorization, read)


@router.put("/packages/{ref}/funding", response_model=FundingRead)
async def put_package_funding(ref: str, body: FundingSet, request: Request, if_match: Annotated[str | None,
                              Header()] = None, key: IdempotencyKeyDep = None,
                              authorization: AuthorizationDep = None) -> JSONResponse:
    """Record every pledge that funds a package (an undisclosed one withholds its figures from the public)."""
    version = expected_version(body.version, if_match)

    def write(session: Session, actor: Actor) -> FundingRead:
        package, pledges = set_funding(session, actor, ref, body.pledges, version)
        return FundingRead(package=package.ref, version=package.version, pledges=pledges)
    return await run_write(request, authorization, key, body, write, 200, lambda r: {"ETag": etag(r.version)})


@router.post("/packages/{ref}/orders/{order_id}/deliveries", status_code=201, response_model=DeliveryRead)
async def deliver(ref: str, order_id: IdPath, body: DeliveryIn, request: Request, key: IdempotencyKeyDep = None,
                  authorization: AuthorizationDep = None) -> JSONResponse:
    """Record a delivery; more than was ordered is refused."""
    def write(session: Session, actor: Actor) -> DeliveryRead:
        get_visible_package(session, actor, ref)
        return DeliveryRead.model_validate(record_delivery(
            session, actor, order_id, body.quantity, body.date, body.confidence, body.sources, body.note,
            package_ref=ref))
    return await run_write(request, authorization, key, body, write)
