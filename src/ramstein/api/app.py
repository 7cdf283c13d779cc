"""The FastAPI application, built by create_app(settings); nothing at import time."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from anyio import CapacityLimiter, to_thread
from fastapi import FastAPI

from ramstein import __version__
from ramstein.api.errors import install_error_handlers
from ramstein.api.headers import SecurityHeaders
from ramstein.api.limits import BodySizeLimit
from ramstein.api.routes import (
    audit,
    health,
    nations,
    offers,
    open_data,
    packages,
    plans,
    pledges,
    releases,
    reports,
    requirements,
)
from ramstein.auth.ratelimit import FailureLimiter, trusted_networks
from ramstein.config import Settings, get_settings
from ramstein.db.engine import make_engine, make_session_factory
from ramstein.db.group_commit import GroupCommit
from ramstein.money import warm_up
from ramstein.web import install_web


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    warm_up()
    # what startup built (routes, models, compiled statements, ECB rates) lives as long as the
    # process: out of the collector's sight, so collections stay short (p99 of writes 270 -> 120 ms)
    gc.collect()
    gc.freeze()
    to_thread.current_default_thread_limiter().total_tokens = app.state.settings.request_threads
    app.state.solve_limiter = CapacityLimiter(app.state.settings.solve_threads)
    yield
    app.state.writes.close()  # finish the writes already accepted before the connections go
    app.state.engine.dispose()


def create_app(settings: Settings) -> FastAPI:
    # no /docs or /redoc: FastAPI's pages load Swagger UI, ReDoc and fonts from a CDN (third parties
    # called, broken offline, and inline script the Content-Security-Policy refuses); /openapi.json stays
    app = FastAPI(title="Ramstein", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="The coalition ledger for pooled purchases for Ukraine (PURL).")
    # a connection per request thread, one for the writer and one for a dashboard form's second unit
    # of work, kept warm; more only in bursts (few connections also spare SQLite's WAL reader slots)
    engine = make_engine(settings.database_url, pool_size=settings.request_threads + 2, max_overflow=20)
    app.state.settings = settings
    app.state.engine = engine
    app.state.sessions = make_session_factory(engine)
    app.state.writes = GroupCommit(app.state.sessions)
    app.state.login_limiter = FailureLimiter(settings.login_failures_per_minute, 60.0)
    app.state.trusted_proxies = trusted_networks(settings.trusted_proxies)
    app.add_middleware(BodySizeLimit)
    install_error_handlers(app)
    app.include_router(health.router)
    for module in (nations, pledges, requirements, offers, plans, packages, releases, reports, open_data, audit):
        app.include_router(module.router, prefix="/api/v1")
    install_web(app)
    app.add_middleware(SecurityHeaders)  # added last, so outermost: on every response, refusals included
    return app


def app_from_environment() -> FastAPI:
    """The factory uvicorn workers call (`ramstein serve` has prepared the database)."""
    return create_app(get_settings())
