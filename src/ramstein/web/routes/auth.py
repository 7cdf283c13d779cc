"""Logging in with an API token (issued by `ramstein users add`) and out again."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Form, Request
from starlette.responses import RedirectResponse, Response

from ramstein.api.deps import UowDep, authenticate
from ramstein.auth.sessions import end_session, start_session
from ramstein.errors import Unauthenticated
from ramstein.web.render import page
from ramstein.web.session import Csrf, WebActor, log_in, log_out

router = APIRouter(include_in_schema=False)


def local(target: str) -> str:
    """Only a path on this site is a place to return to (no open redirect to another host)."""
    return target if target.startswith("/") and not target.startswith("//") and "\\" not in target else "/"


@router.get("/login")
def login_form(request: Request, actor: WebActor, next: str = "/") -> Response:
    return page(request, actor, "auth/login.html", next=local(next), errors={})


@router.post("/login", dependencies=[Csrf])
def login(request: Request, actor: WebActor, uow: UowDep, token: Annotated[str, Form()] = "",
          next: Annotated[str, Form()] = "/") -> Response:
    if not token.strip():
        return page(request, actor, "auth/login.html", status_code=422, next=local(next),
                    errors={"token": "paste the API token you were given"})
    try:
        authenticate(request, uow.session, f"Bearer {token.strip()}")
    except Unauthenticated as exc:  # TooManyAttempts goes to the error page with its wait
        return page(request, actor, "auth/login.html", status_code=401, next=local(next),
                    errors={"token": exc.message})
    sid = start_session(uow.session, token.strip(), dt.datetime.now(dt.UTC))
    uow.commit()
    log_in(request, sid)
    return RedirectResponse(local(next), status_code=303)


@router.post("/logout", dependencies=[Csrf])
def logout(request: Request, uow: UowDep) -> Response:
    """End the session on the server, so the cookie (or any copy of it) opens nothing any more."""
    sid = request.session.get("id")
    if isinstance(sid, str) and sid:
        end_session(uow.session, sid, dt.datetime.now(dt.UTC))
        uow.commit()
    log_out(request)
    return RedirectResponse("/", status_code=303)
