"""Who is looking at a page: the user kept in the signed session cookie, and a CSRF token per session.

The session is read only by the dashboard's own dependencies, never by the API: a bearer token is
the API's only credential, so a cookie cannot be used to write through `/api/v1` from another site.
"""

from __future__ import annotations

import hmac
import secrets
from typing import Annotated

from fastapi import Depends, Form, Request
from starlette.datastructures import FormData

from ramstein.api.deps import SessionDep
from ramstein.auth.actor import PUBLIC, Actor
from ramstein.auth.service import actor_for_token_hash
from ramstein.auth.tokens import token_hash
from ramstein.errors import Forbidden, Unauthenticated

CSRF_FIELD = "csrf_token"


def csrf_token(request: Request) -> str:
    """The session's CSRF token, created on first use (so the public's forms carry one too)."""
    token = request.session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return str(token)


def check_csrf(request: Request, csrf_token: Annotated[str, Form()] = "") -> None:
    """Every form POST must echo the session's token (or send it as the X-CSRF-Token header)."""
    sent = csrf_token or request.headers.get("x-csrf-token", "")
    expected = request.session.get("csrf", "")
    if not sent or not expected or not hmac.compare_digest(str(sent), str(expected)):
        raise Forbidden("the form has expired or did not come from this site; reload the page and retry",
                        field=CSRF_FIELD)


def web_actor(request: Request, session: SessionDep) -> Actor:
    """The logged-in user while the token they logged in with is live; revoking it ends the session."""
    user = request.session.get("user")
    if not user:
        return PUBLIC
    try:
        actor = actor_for_token_hash(session, str(user.get("token_hash", "")))
    except Unauthenticated:
        request.session.clear()
        return PUBLIC
    request.state.actor = actor
    return actor


def current_actor(request: Request) -> Actor:
    """Who this request was found to be (for error pages, which run outside the dependencies)."""
    return getattr(request.state, "actor", None) or PUBLIC


def log_in(request: Request, actor: Actor, token: str) -> None:
    """A fresh session for the user: a new CSRF token, so one issued before login is useless after."""
    request.session.clear()
    request.session["user"] = {"name": actor.name, "role": actor.role, "nation": actor.nation,
                               "token_hash": token_hash(token)}
    csrf_token(request)


def log_out(request: Request) -> None:
    request.session.clear()


async def form_data(request: Request) -> FormData:
    """The posted form, read on the event loop, so the route itself can be a plain (threaded) def
    and its database work never blocks the loop."""
    return await request.form()


WebActor = Annotated[Actor, Depends(web_actor)]
FormDep = Annotated[FormData, Depends(form_data)]
Csrf = Depends(check_csrf)
