"""The event log, for auditors and coordinators."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict
from sqlalchemy.orm import Session

from ramstein.api.deps import AuthorizationDep, PageDep, run_read
from ramstein.api.schemas import ERROR_RESPONSES, Paginated
from ramstein.audit.repository import list_events
from ramstein.auth.actor import Actor

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
