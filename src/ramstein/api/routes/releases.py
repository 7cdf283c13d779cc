"""Releases: what coordinators made public, numbered."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ramstein.api.deps import AuthorizationDep, IdempotencyKeyDep, PageDep, run_read
from ramstein.api.idempotency import run_write
from ramstein.api.schemas import ERROR_RESPONSES, Paginated
from ramstein.audit.checkpoints import signing_key
from ramstein.auth.actor import Actor
from ramstein.models import Release
from ramstein.releases.service import ReleaseCreate, release

router = APIRouter(tags=["releases"], responses=ERROR_RESPONSES)


class ReleaseRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    at: dt.datetime
    released_by: str
    note: str
    contents: dict[str, list[int | str]]


@router.get("/releases", response_model=Paginated[ReleaseRead])
async def get_releases(request: Request, page: PageDep) -> Paginated[ReleaseRead]:
    def read(session: Session, _: Actor) -> Paginated[ReleaseRead]:  # public: no token is looked at
        total = session.execute(select(func.count()).select_from(Release)).scalar_one()
        rows = session.execute(select(Release).order_by(Release.id.desc()).limit(page.limit)
                               .offset(page.offset)).scalars()
        return Paginated[ReleaseRead](items=[ReleaseRead.model_validate(r) for r in rows], total=total)
    return await run_read(request, None, read)


@router.post("/releases", status_code=201, response_model=ReleaseRead)
async def create(body: ReleaseCreate, request: Request, key: IdempotencyKeyDep = None,
                 authorization: AuthorizationDep = None) -> JSONResponse:
    """Make pledges, offers, requirement-list versions and packages visible to the public."""
    signing = signing_key(request.app.state.settings.signing_key)
    return await run_write(request, authorization, key, body, lambda session, actor: ReleaseRead.model_validate(
        release(session, actor, body, signing)))
