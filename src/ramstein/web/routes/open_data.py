"""The public download page: each open-data export with its as-of time, licence and SHA-256."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from ramstein.api.deps import SessionDep
from ramstein.api.routes.open_data import describe, open_data_cache
from ramstein.web.render import page
from ramstein.web.session import WebActor

router = APIRouter(include_in_schema=False)


@router.get("/open-data")
def open_data(request: Request, actor: WebActor, session: SessionDep) -> Response:
    files = [describe(f, f"/api/v1/open-data/{f.name}") for f in open_data_cache(request).all(session)]
    return page(request, actor, "open_data/index.html", files=files)
