"""Ukraine's requirement list: the public reads the latest released version; Ukraine edits the list."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from ramstein.api.deps import AuthorizationDep, PageDep, run_read
from ramstein.api.idempotency import run_write
from ramstein.api.schemas import ERROR_RESPONSES, Paginated
from ramstein.api.versions import etag, expected_version
from ramstein.auth.actor import Actor
from ramstein.errors import ValidationError
from ramstein.models import RequirementList
from ramstein.requirements.repository import list_lines
from ramstein.requirements.schemas import RequirementLineIn, RequirementLineRead
from ramstein.requirements.service import change_line, remove_line, replace_list, visible_list
from ramstein.requirements.weights import effective_weight

router = APIRouter(tags=["requirements"], responses=ERROR_RESPONSES)


class RequirementListIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    lines: list[RequirementLineIn]
    note: str = ""
    version: int | None = None


class LineChange(RequirementLineIn):
    """A line as sent to its URL: the ref comes from the path."""

    ref: str | None = Field(default=None, max_length=40)  # type: ignore[assignment]
    version: int | None = None


class ListVersion(BaseModel):
    version: int
    lines: int
    note: str


def _lines(session, current: RequirementList, **kwargs) -> tuple[list[RequirementLineRead], int]:  # type: ignore[no-untyped-def]
    lines, total = list_lines(session, current.id, **kwargs)
    return [RequirementLineRead(
        ref=x.ref, item=x.item, category=x.category, quantity=x.quantity, priority=x.priority, weight=x.weight,
        effective_weight=effective_weight(x.priority, x.weight), need_by=x.need_by.strftime("%Y-%m"),
        illustrative=x.illustrative, note=x.note, version=current.version) for x in lines], total


@router.get("/requirements", response_model=Paginated[RequirementLineRead])
async def get_requirements(request: Request, page: PageDep, category: str | None = None,
                           authorization: AuthorizationDep = None) -> JSONResponse:
    def read(session: Session, actor: Actor) -> JSONResponse:
        current = visible_list(session, actor)
        if current is None:
            return JSONResponse({"items": [], "total": 0}, headers={"ETag": etag(0)})
        items, total = _lines(session, current, category=category, limit=page.limit, offset=page.offset)
        body = Paginated[RequirementLineRead](items=items, total=total).model_dump(mode="json")
        return JSONResponse(body, headers={"ETag": etag(current.version)})
    return await run_read(request, authorization, read)


def _answer(found: RequirementList, count: int) -> ListVersion:
    return ListVersion(version=found.version, lines=count, note=found.note)


@router.put("/requirements", response_model=ListVersion)
async def put_list(body: RequirementListIn, request: Request, if_match: Annotated[str | None, Header()] = None,
                   authorization: AuthorizationDep = None) -> JSONResponse:
    """Replace the whole list; it becomes the next version. `version` is the list version you read."""
    version = expected_version(body.version, if_match)
    return await run_write(request, authorization, None, body, lambda session, actor: _answer(
        replace_list(session, actor, body.lines, body.note, version), len(body.lines)), 200)


@router.put("/requirements/lines/{ref}", response_model=ListVersion)
async def put_line(ref: str, body: LineChange, request: Request, if_match: Annotated[str | None, Header()] = None,
                   authorization: AuthorizationDep = None) -> JSONResponse:
    """Add or change one line (a new version of the list)."""
    version = expected_version(body.version, if_match)
    if body.ref not in (None, ref):
        raise ValidationError("the line's ref is its URL's; it cannot change", field="ref")
    line = RequirementLineIn.model_validate({**body.model_dump(exclude={"version"}), "ref": ref})

    def write(session: Session, actor: Actor) -> ListVersion:
        found = change_line(session, actor, line, version)
        return _answer(found, len(list_lines(session, found.id)[0]))
    return await run_write(request, authorization, None, body, write, 200)


@router.delete("/requirements/lines/{ref}", response_model=ListVersion)
async def delete_line(ref: str, request: Request, if_match: Annotated[str | None, Header()] = None,
                      authorization: AuthorizationDep = None) -> JSONResponse:
    version = expected_version(None, if_match)

    def write(session: Session, actor: Actor) -> ListVersion:
        found = remove_line(session, actor, ref, version)
        return _answer(found, len(list_lines(session, found.id)[0]))
    return await run_write(request, authorization, None, None, write, 200)
