"""Request dependencies: a unit of work per request, and pagination."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Annotated, TypeVar

from anyio import CapacityLimiter, to_thread
from fastapi import Depends, Header, Path, Query, Request
from pydantic import BaseModel
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from ramstein.auth.actor import PUBLIC, Actor
from ramstein.auth.ratelimit import client_address
from ramstein.db.uow import UnitOfWork
from ramstein.errors import TooManyAttempts, Unauthenticated

T = TypeVar("T")


def get_uow(request: Request) -> Iterator[UnitOfWork]:
    """A reading unit of work (one connection) per request, for the dashboard's pages; the API reads
    through run_read and writes through the group commit."""
    with UnitOfWork(request.app.state.sessions) as uow:
        yield uow


def get_write_uow(request: Request) -> Iterator[UnitOfWork]:
    """A writing unit of work, for dashboard forms that write, roll back and re-render in one session."""
    with UnitOfWork(request.app.state.sessions, write=True) as uow:
        yield uow


async def get_session(uow: Annotated[UnitOfWork, Depends(get_uow)]) -> Session:
    # async: no I/O here, and a sync dependency would cost a hop through the thread pool
    return uow.session


# ids and offsets fit the databases' 32-bit integers; larger ones are refused, not overflowed
MAX_ID = 2**31 - 1
MAX_OFFSET = 10**9
IdPath = Annotated[int, Path(ge=1, le=MAX_ID)]


class Page(BaseModel):
    limit: int
    offset: int


async def get_page(limit: Annotated[int, Query(ge=1, le=1000)] = 100,
             offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0) -> Page:
    return Page(limit=limit, offset=offset)


SessionDep = Annotated[Session, Depends(get_session)]
UowDep = Annotated[UnitOfWork, Depends(get_write_uow)]
IdempotencyKeyDep = Annotated[str | None, Header(alias="Idempotency-Key")]
PageDep = Annotated[Page, Depends(get_page)]


def client_key(request: Request) -> str:
    """The client's address: X-Forwarded-For only from RAMSTEIN_TRUSTED_PROXIES (auth/ratelimit.py)."""
    peer = request.client.host if request.client else "unknown"
    return client_address(peer, request.headers.get("x-forwarded-for"), request.app.state.trusted_proxies)


def authenticate(request: Request, session: Session, authorization: str) -> Actor:
    """A bearer token's actor. Failures count against the client's address; past the limit a failure
    is answered 429, but a valid token is still accepted (auth/ratelimit.py says why)."""
    from ramstein.auth.service import actor_for_token

    scheme, _, token = authorization.partition(" ")
    try:
        if scheme.lower() != "bearer" or not token.strip():
            raise Unauthenticated("use 'Authorization: Bearer TOKEN'")
        return actor_for_token(session, token.strip())
    except Unauthenticated:
        limiter, key = request.app.state.login_limiter, client_key(request)
        wait = limiter.blocked(key)
        limiter.fail(key)
        if wait:
            raise TooManyAttempts(f"too many failed logins; try again in {int(wait) + 1} s",
                                  retry_after=wait) from None
        raise


def actor_of(request: Request, session: Session, authorization: str | None) -> Actor:
    """The bearer token's user; no token is the public; a dashboard session sets request.state.actor."""
    if authorization:
        return authenticate(request, session, authorization)
    return getattr(request.state, "actor", None) or PUBLIC


AuthorizationDep = Annotated[str | None, Header()]


async def run_read(request: Request, authorization: str | None, read: Callable[[Session, Actor], T]) -> T:
    """Run `read` with a reading session of its own and the caller's actor, in one trip to the thread pool.

    Every API read goes through here (as every write goes through run_write): as dependencies, the
    session and the actor would cost trips of their own, and a trip costs more CPU than a short read
    (22% less CPU per pledge page in one trip, docs/benchmarks.md). No token is the public.
    """
    def job() -> T:
        with UnitOfWork(request.app.state.sessions) as uow:
            return read(uow.session, actor_of(request, uow.session, authorization))
    return await run_in_threadpool(job)


async def run_solve(request: Request, authorization: str | None, solve: Callable[[Session, Actor], T]) -> T:
    """run_read for a plan's solve: on the solver threads, so that reads keep the request threads."""
    def job() -> T:
        with UnitOfWork(request.app.state.sessions) as uow:
            return solve(uow.session, actor_of(request, uow.session, authorization))
    return await on_solver_threads(request, job)


async def on_solver_threads(request: Request, work: Callable[[], T]) -> T:
    """Run `work` on one of `settings.solve_threads` threads of its own, waiting for one without holding a
    request thread: solves take seconds to minutes, and on the request threads they starved every read."""
    limiter = getattr(request.app.state, "solve_limiter", None)
    if limiter is None:  # an app whose lifespan did not run (a test client outside `with`)
        limiter = request.app.state.solve_limiter = CapacityLimiter(request.app.state.settings.solve_threads)
    return await to_thread.run_sync(work, limiter=limiter)
