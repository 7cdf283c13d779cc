"""Pledges: the public reads released figures (undisclosed amounts redacted); a nation writes its own."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from ramstein.api.deps import AuthorizationDep, IdempotencyKeyDep, IdPath, PageDep, run_read
from ramstein.api.idempotency import run_write
from ramstein.api.schemas import ERROR_RESPONSES, Paginated
from ramstein.api.versions import etag, expected_version
from ramstein.auth.actor import Actor
from ramstein.models import Pledge
from ramstein.pledges.repository import list_pledges
from ramstein.pledges.schemas import PledgeCreate, PledgePublic, PledgeRead, PledgeTransition, PledgeUpdate
from ramstein.pledges.service import (
    get_pledge,
    record_pledge,
    sees_in_full,
    transition_pledge,
    update_pledge,
)

router = APIRouter(tags=["pledges"], responses=ERROR_RESPONSES)
Confidence = Literal["official", "reported", "unconfirmed"]
Status = Literal["announced", "confirmed", "committed", "disbursed", "withdrawn"]
PledgeView = PledgeRead | PledgePublic


def view(actor: Actor, pledge: Pledge) -> PledgeView:
    return PledgeRead.model_validate(pledge) if sees_in_full(actor, pledge) else PledgePublic.of(pledge)


@router.get("/pledges", response_model=Paginated[PledgeView])
async def get_pledges(
    request: Request, page: PageDep,
    nation: Annotated[str | None, Query(min_length=3, max_length=3)] = None,
    status: Status | None = None,
    confidence: Annotated[list[Confidence] | None, Query()] = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    authorization: AuthorizationDep = None,
) -> JSONResponse:
    def read(session: Session, actor: Actor) -> JSONResponse:
        rows, total = list_pledges(session, actor, nation=nation, status=status, confidence=confidence,
                                   since=since, until=until, limit=page.limit, offset=page.offset)
        # serialized here, once: the items are already validated models (FastAPI would validate them again)
        return JSONResponse({"items": [view(actor, p).model_dump(mode="json") for p in rows], "total": total})
    return await run_read(request, authorization, read)


@router.get("/pledges/{pledge_id}", response_model=PledgeView)
async def get_one(pledge_id: IdPath, request: Request, authorization: AuthorizationDep = None) -> JSONResponse:
    def read(session: Session, actor: Actor) -> JSONResponse:
        pledge = get_pledge(session, actor, pledge_id)
        body = view(actor, pledge).model_dump(mode="json")
        return JSONResponse(body, headers={"ETag": etag(pledge.version)})
    return await run_read(request, authorization, read)


@router.post("/pledges", status_code=201, response_model=list[PledgeRead])
async def create(body: PledgeCreate, request: Request, key: IdempotencyKeyDep = None,
                 authorization: AuthorizationDep = None) -> JSONResponse:
    """Record a pledge; a joint pledge (several nations) answers one record per member."""
    def write(session: Session, actor: Actor) -> list[PledgeRead]:
        return [PledgeRead.model_validate(p) for p in record_pledge(session, actor, body)]
    return await run_write(request, authorization, key, body, write)


@router.patch("/pledges/{pledge_id}", response_model=PledgeRead)
async def update(pledge_id: IdPath, body: PledgeUpdate, request: Request, if_match: Annotated[str | None,
                 Header()] = None, authorization: AuthorizationDep = None) -> JSONResponse:
    version = expected_version(body.version, if_match)

    def write(session: Session, actor: Actor) -> PledgeRead:
        return PledgeRead.model_validate(update_pledge(session, actor, pledge_id, body, version))
    return await run_write(request, authorization, None, body, write, 200, lambda r: {"ETag": etag(r.version)})


@router.post("/pledges/{pledge_id}/transitions", response_model=PledgeRead)
async def transition(pledge_id: IdPath, body: PledgeTransition, request: Request, if_match: Annotated[str | None,
                     Header()] = None, key: IdempotencyKeyDep = None,
                     authorization: AuthorizationDep = None) -> JSONResponse:
    """Move a pledge along announced -> confirmed -> committed -> disbursed, or withdraw it."""
    version = expected_version(body.version, if_match)

    def write(session: Session, actor: Actor) -> PledgeRead:
        return PledgeRead.model_validate(transition_pledge(session, actor, pledge_id, body.status, version))
    return await run_write(request, authorization, key, body, write, 200, lambda r: {"ETag": etag(r.version)})
