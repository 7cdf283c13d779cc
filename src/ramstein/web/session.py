"""Who is looking at a page: the user kept in the signed session cookie, and a CSRF token per session.

The session is read only by the dashboard's own dependencies, never by the API: a bearer token is
the API's only credential, so a cookie cannot be used to write through `/api/v1` from another site.
"""

from __future__ import annotations

import hmac
import secrets
from typing import Annotated

from fastapi import Depends, Form, Request

from ramstein.auth.actor import PUBLIC, Actor
from ramstein.errors import Forbidden

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


def web_actor(request: Request) -> Actor:
    user = request.session.get("user")
    if not user:
        return PUBLIC
    actor = Actor(user["name"], user["role"], user.get("nation"))
    request.state.actor = actor
    return actor


def log_in(request: Request, actor: Actor) -> None:
    """A fresh session for the user: a new CSRF token, so one issued before login is useless after."""
    request.session.clear()
    request.session["user"] = {"name": actor.name, "role": actor.role, "nation": actor.nation}
    csrf_token(request)


def log_out(request: Request) -> None:
    request.session.clear()


WebActor = Annotated[Actor, Depends(web_actor)]
Csrf = Depends(check_csrf)
