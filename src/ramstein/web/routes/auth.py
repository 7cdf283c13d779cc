"""Logging in with an API token (issued by `ramstein users add`) and out again."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from starlette.responses import RedirectResponse, Response

from ramstein.api.deps import SessionDep, authenticate
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
def login(request: Request, actor: WebActor, session: SessionDep, token: Annotated[str, Form()] = "",
          next: Annotated[str, Form()] = "/") -> Response:
    if not token.strip():
        return page(request, actor, "auth/login.html", status_code=422, next=local(next),
                    errors={"token": "paste the API token you were given"})
    try:
        user = authenticate(request, session, f"Bearer {token.strip()}")
    except Unauthenticated as exc:  # TooManyAttempts goes to the error page with its wait
        return page(request, actor, "auth/login.html", status_code=401, next=local(next),
                    errors={"token": exc.message})
    log_in(request, user, token.strip())
    return RedirectResponse(local(next), status_code=303)


@router.post("/logout", dependencies=[Csrf])
def logout(request: Request) -> Response:
    log_out(request)
    return RedirectResponse("/", status_code=303)
