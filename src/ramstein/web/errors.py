"""Domain errors on dashboard pages become HTML pages; on the API they stay JSON (api/errors.py decides)."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import FastAPI, Request
from starlette.responses import RedirectResponse, Response

from ramstein.api.errors import STATUS
from ramstein.errors import Forbidden, RamsteinError, Unauthenticated
from ramstein.web.render import page
from ramstein.web.session import current_actor

API_PREFIXES = ("/api/", "/healthz", "/readyz", "/openapi.json", "/docs", "/redoc")


def is_page(request: Request) -> bool:
    return not request.url.path.startswith(API_PREFIXES)


def install_page_errors(app: FastAPI) -> None:
    api_handler = app.exception_handlers[RamsteinError]

    async def handler(request: Request, exc: Exception) -> Response:
        if not is_page(request):
            return await api_handler(request, exc)
        assert isinstance(exc, RamsteinError)
        actor = current_actor(request)
        if isinstance(exc, Unauthenticated | Forbidden) and actor.role == "public" and request.method == "GET":
            return RedirectResponse(f"/login?next={quote(request.url.path)}", status_code=303)
        status = next(code for kind, code in STATUS if isinstance(exc, kind))
        return page(request, actor, "errors/error.html", status_code=status, error=exc, status=status)

    app.add_exception_handler(RamsteinError, handler)
