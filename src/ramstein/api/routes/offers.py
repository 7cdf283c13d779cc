"""The offer catalog: the public reads released offers; coordinators create and replace them."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Request
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from ramstein.api.deps import AuthorizationDep, IdempotencyKeyDep, PageDep, run_read
from ramstein.api.idempotency import run_write
from ramstein.api.schemas import ERROR_RESPONSES, Paginated
from ramstein.api.versions import etag, expected_version
from ramstein.auth.actor import Actor
from ramstein.catalog.repository import list_offers
from ramstein.catalog.schemas import OfferIn, OfferRead, OfferUpdate
from ramstein.catalog.service import create_offer, get_offer, update_offer

router = APIRouter(tags=["offers"], responses=ERROR_RESPONSES)


@router.get("/offers", response_model=Paginated[OfferRead])
async def get_offers(request: Request, page: PageDep, category: str | None = None,
                     authorization: AuthorizationDep = None) -> Paginated[OfferRead]:
    def read(session: Session, actor: Actor) -> Paginated[OfferRead]:
        rows, total = list_offers(session, actor, category=category, limit=page.limit, offset=page.offset)
        return Paginated[OfferRead](items=[OfferRead.model_validate(o) for o in rows], total=total)
    return await run_read(request, authorization, read)


@router.get("/offers/{ref}", response_model=OfferRead)
async def get_one(ref: str, request: Request, authorization: AuthorizationDep = None) -> JSONResponse:
    def read(session: Session, actor: Actor) -> JSONResponse:
        offer = get_offer(session, actor, ref)
        return JSONResponse(OfferRead.model_validate(offer).model_dump(mode="json"),
                            headers={"ETag": etag(offer.version)})
    return await run_read(request, authorization, read)


@router.post("/offers", status_code=201, response_model=OfferRead)
async def create(body: OfferIn, request: Request, key: IdempotencyKeyDep = None,
                 authorization: AuthorizationDep = None) -> JSONResponse:
    return await run_write(request, authorization, key, body,
                     lambda session, actor: OfferRead.model_validate(create_offer(session, actor, body)),
                     headers=lambda r: {"ETag": etag(r.version)})


@router.put("/offers/{ref}", response_model=OfferRead)
async def replace(ref: str, body: OfferUpdate, request: Request, if_match: Annotated[str | None, Header()] = None,
                  authorization: AuthorizationDep = None) -> JSONResponse:
    version = expected_version(body.version, if_match)
    data = OfferIn.model_validate(body.model_dump(exclude={"version"}))
    return await run_write(request, authorization, None, body,
                     lambda session, actor: OfferRead.model_validate(update_offer(session, actor, ref, data, version)),
                     200, lambda r: {"ETag": etag(r.version)})
