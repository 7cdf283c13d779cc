"""Packages with their funding nations, orders and what has been delivered against each order."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from ramstein.api.deps import SessionDep
from ramstein.web.render import page
from ramstein.web.session import WebActor
from ramstein.web.views.packages import packages_page

router = APIRouter(include_in_schema=False)


@router.get("/packages")
def packages(request: Request, actor: WebActor, session: SessionDep, status: str = "") -> Response:
    return page(request, actor, "packages/index.html", view=packages_page(session, actor, status or None))
