"""The delivery forecast over the plan in force: P50/P90 bands by category and line."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from ramstein.api.deps import SessionDep
from ramstein.web.render import page
from ramstein.web.session import WebActor
from ramstein.web.views.forecast import forecast_page

router = APIRouter(include_in_schema=False)


@router.get("/forecast")
def forecast(request: Request, actor: WebActor, session: SessionDep) -> Response:
    return page(request, actor, "forecast/index.html", view=forecast_page(session, actor))
