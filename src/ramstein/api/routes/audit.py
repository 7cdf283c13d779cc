"""The event log, for auditors and coordinators."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, ConfigDict
from sqlalchemy.orm import Session

from ramstein.api.deps import AuthorizationDep, PageDep, run_read
from ramstein.api.schemas import ERROR_RESPONSES, Paginated
from ramstein.audit.checkpoints import list_checkpoints, signing_key
from ramstein.audit.repository import list_events
from ramstein.audit.signing import public_pem
from ramstein.auth.actor import Actor
from ramstein.errors import NotFound

router = APIRouter(tags=["audit"], responses=ERROR_RESPONSES)


class EventRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    seq: int
    at: dt.datetime
    actor: str
    role: str
    action: str
    entity: str
    entity_id: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    request_id: str | None
    prev_hash: str
    hash: str


@router.get("/audit", response_model=Paginated[EventRead])
async def get_events(request: Request, page: PageDep, entity: str | None = None,
                     entity_id: str | None = None, by: str | None = None,
                     since: dt.datetime | None = None,
                     authorization: AuthorizationDep = None) -> Paginated[EventRead]:
    def read(session: Session, actor: Actor) -> Paginated[EventRead]:
        rows, total = list_events(session, actor, entity=entity, entity_id=entity_id, by=by, since=since,
                                  limit=page.limit, offset=page.offset)
        return Paginated[EventRead](items=[EventRead.model_validate(e) for e in rows], total=total)
    return await run_read(request, authorization, read)


class CheckpointRead(BaseModel):
    """A signed claim that event `seq` has hash `hash`: check it with the public key (docs/audit.md)."""

    model_config = ConfigDict(from_attributes=True)
    seq: int
    hash: str
    at: str
    key_id: str
    signature: str
    reason: str


@router.get("/audit/checkpoints", response_model=Paginated[CheckpointRead])
async def get_checkpoints(request: Request, page: PageDep) -> Paginated[CheckpointRead]:
    """Every signed checkpoint of the event log's head, newest first; public, so anyone can keep copies."""
    def read(session: Session, _: Actor) -> Paginated[CheckpointRead]:  # public: no token is looked at
        rows, total = list_checkpoints(session, page.limit, page.offset)
        return Paginated[CheckpointRead](items=[CheckpointRead.model_validate(c) for c in rows], total=total)
    return await run_read(request, None, read)


@router.get("/audit/public-key", response_model=None,
            responses={200: {"content": {"application/x-pem-file": {"schema": {"type": "string"}}}}})
async def get_public_key(request: Request) -> Response:
    """The Ed25519 public key (PEM) that checks the checkpoints; 404 when the server signs none."""
    key = signing_key(request.app.state.settings.signing_key)
    if key is None:
        raise NotFound("this server has no signing key (RAMSTEIN_SIGNING_KEY)", field="public_key")
    return Response(public_pem(key.public_key()).decode(), media_type="application/x-pem-file")
