"""The event log for auditors and coordinators, newest first, filterable; others are refused by the policy."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from ramstein.api.deps import SessionDep
from ramstein.audit.repository import list_events
from ramstein.web.render import page
from ramstein.web.session import WebActor

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 50


@router.get("/audit")
def audit(request: Request, actor: WebActor, session: SessionDep, entity: str = "", entity_id: str = "",
          by: str = "", offset: int = 0) -> Response:
    filters = {"entity": entity.strip(), "entity_id": entity_id.strip(), "by": by.strip()}
    events, total = list_events(session, actor, **{k: v or None for k, v in filters.items()},
                                limit=PAGE_SIZE, offset=max(offset, 0))
    return page(request, actor, "audit/index.html", events=events, total=total, filters=filters,
                offset=max(offset, 0), page_size=PAGE_SIZE)
