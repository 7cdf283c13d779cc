"""Packages with their funding nations, orders, what has been delivered against each order, and when."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from ramstein.api.deps import SessionDep
from ramstein.web.render import page
from ramstein.web.session import WebActor
from ramstein.web.views.packages import GROUPINGS, packages_page

router = APIRouter(include_in_schema=False)


@router.get("/packages")
def packages(request: Request, actor: WebActor, session: SessionDep, status: str = "", package: str = "",
             by: str = "item") -> Response:
    view = packages_page(session, actor, status or None, package.strip() or None, by)
    return page(request, actor, "packages/index.html", view=view, groupings=GROUPINGS)
