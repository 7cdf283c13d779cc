"""Packages and their deliveries: coordinators create and move them; the public reads released ones."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Header, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from ramstein.api.deps import ActorDep, IdempotencyKeyDep, IdPath, PageDep, SessionDep, UowDep
from ramstein.api.idempotency import run_write
from ramstein.api.schemas import ERROR_RESPONSES, Paginated
from ramstein.api.versions import etag, expected_version
from ramstein.deliveries.service import record_delivery
from ramstein.packages.repository import list_packages
from ramstein.packages.schemas import PackageCreate, PackageRead
from ramstein.packages.service import (
    create_package,
    get_visible_package,
    transition_package,
    withheld_packages,
)
from ramstein.schemas import Exact, SourceIn

router = APIRouter(tags=["packages"], responses=ERROR_RESPONSES)


class PackageTransition(BaseModel):
    model_config = ConfigDict(extra="forbid")
    status: str
    version: int | None = None


class DeliveryIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    quantity: Decimal = Field(gt=0, decimal_places=6)
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
def get_packages(session: SessionDep, actor: ActorDep, page: PageDep,
                 status: str | None = None) -> Paginated[PackageRead]:
    rows, total = list_packages(session, actor, status=status, limit=page.limit, offset=page.offset)
    hidden = withheld_packages(session, actor)
    return Paginated[PackageRead](items=[PackageRead.of(p, p.ref in hidden) for p in rows], total=total)


@router.get("/packages/{ref}", response_model=PackageRead)
def get_one(ref: str, session: SessionDep, actor: ActorDep) -> JSONResponse:
    package = get_visible_package(session, actor, ref)
    body = PackageRead.of(package, ref in withheld_packages(session, actor)).model_dump(mode="json")
    return JSONResponse(body, headers={"ETag": etag(package.version)})


@router.post("/packages", status_code=201, response_model=PackageRead)
def create(body: PackageCreate, request: Request, uow: UowDep, actor: ActorDep,
           key: IdempotencyKeyDep = None) -> JSONResponse:
    return run_write(request, uow, actor, key, body,
                     lambda: PackageRead.model_validate(create_package(uow.session, actor, body)),
                     headers=lambda r: {"ETag": etag(r.version)})


@router.post("/packages/{ref}/transitions", response_model=PackageRead)
def transition(ref: str, body: PackageTransition, request: Request, uow: UowDep, actor: ActorDep,
               if_match: Annotated[str | None, Header()] = None, key: IdempotencyKeyDep = None) -> JSONResponse:
    """draft -> approved -> contracted -> delivering -> delivered."""
    version = expected_version(body.version, if_match)
    return run_write(request, uow, actor, key, body, lambda: PackageRead.model_validate(
        transition_package(uow.session, actor, ref, body.status, version)), 200,
        lambda r: {"ETag": etag(r.version)})


@router.post("/packages/{ref}/orders/{order_id}/deliveries", status_code=201, response_model=DeliveryRead)
def deliver(ref: str, order_id: IdPath, body: DeliveryIn, request: Request, uow: UowDep, actor: ActorDep,
            key: IdempotencyKeyDep = None) -> JSONResponse:
    """Record a delivery; more than was ordered is refused."""
    get_visible_package(uow.session, actor, ref)
    return run_write(request, uow, actor, key, body, lambda: DeliveryRead.model_validate(record_delivery(
        uow.session, actor, order_id, body.quantity, body.date, body.confidence, body.sources, body.note,
        package_ref=ref)))
