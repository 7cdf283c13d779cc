"""The server-rendered dashboard: pages over the same services as the API, signed-cookie sessions."""

from __future__ import annotations

import secrets
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware
from starlette.types import Receive, Scope, Send

from ramstein.auth.sessions import SESSION_SECONDS

STATIC = Path(__file__).parent / "static"


class DashboardSessions(SessionMiddleware):
    """The signed cookie that holds a dashboard session's id. The API authenticates by bearer token and
    never reads a session, so its requests skip the cookie parsing and signing (about 5% of the
    server's time per API write)."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].startswith("/api/"):
            await self.app(scope, receive, send)
            return
        await super().__call__(scope, receive, send)


def install_web(app: FastAPI) -> None:
    """Mount static files, signed sessions and the pages on an app built by create_app (once)."""
    if getattr(app.state, "web_installed", False):
        return
    app.state.web_installed = True
    from ramstein.web.errors import install_page_errors
    from ramstein.web.routes import routers

    # `ramstein serve` sets one per start for all its workers; an app built in-process gets its own
    secret = app.state.settings.session_secret or secrets.token_urlsafe(32)
    app.state.session_key = secret.encode()  # also keys the CSRF tokens (web/session.py)
    app.add_middleware(DashboardSessions, secret_key=secret, session_cookie="ramstein_session",
                       max_age=SESSION_SECONDS, same_site="lax", https_only=app.state.settings.secure_cookies)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for router in routers:
        app.include_router(router)
    install_page_errors(app)
