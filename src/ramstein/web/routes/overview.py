"""The overview: the three wins (Ukraine, allies, industry) at a glance."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from ramstein.api.deps import SessionDep
from ramstein.states import CONFIDENCES
from ramstein.web.render import page
from ramstein.web.session import WebActor
from ramstein.web.views.overview import overview

router = APIRouter(include_in_schema=False)


@router.get("/")
def home(request: Request, actor: WebActor, session: SessionDep,
         confidence: Annotated[list[str] | None, Query()] = None) -> Response:
    return page(request, actor, "overview/index.html", view=overview(session, actor, confidence),
                confidences=CONFIDENCES)
