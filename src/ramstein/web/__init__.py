"""The server-rendered dashboard: pages over the same services as the API, signed-cookie sessions."""

from __future__ import annotations

import secrets
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware

STATIC = Path(__file__).parent / "static"
# a dashboard session lasts a working day; logging in again re-reads the user's role
SESSION_SECONDS = 8 * 3600


def install_web(app: FastAPI) -> None:
    """Mount static files, signed sessions and the pages on an app built by create_app (once)."""
    if getattr(app.state, "web_installed", False):
        return
    app.state.web_installed = True
    from ramstein.web.errors import install_page_errors
    from ramstein.web.routes import routers

    # `ramstein serve` sets one per start for all its workers; an app built in-process gets its own
    secret = app.state.settings.session_secret or secrets.token_urlsafe(32)
    app.add_middleware(SessionMiddleware, secret_key=secret, session_cookie="ramstein_session",
                       max_age=SESSION_SECONDS, same_site="lax", https_only=False)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for router in routers:
        app.include_router(router)
    install_page_errors(app)
