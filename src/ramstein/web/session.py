"""Who is looking at a page: the user of the session whose id the signed cookie holds, and a CSRF
token per session.

The cookie holds a random session id and nothing else (auth/sessions.py keeps the session on the
server, so logging out ends it). A visitor who has not logged in gets an id too, never stored, for the
CSRF token of the login form. The CSRF token is an HMAC of the session id under the server's secret:
a new session (login, logout) gets a new token, and nothing else is kept for it.

The session is read only by the dashboard's own dependencies, never by the API: a bearer token is
the API's only credential, so a cookie cannot be used to write through `/api/v1` from another site.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from typing import Annotated

from fastapi import Depends, Form, Request
from starlette.datastructures import FormData

from ramstein.api.deps import SessionDep
from ramstein.auth.actor import PUBLIC, Actor
from ramstein.auth.sessions import actor_for_session, new_session_id
from ramstein.errors import Forbidden, Unauthenticated

CSRF_FIELD = "csrf_token"


def session_id(request: Request) -> str:
    """The id in the visitor's cookie, given on first use (so the public's forms carry a CSRF token too)."""
    sid = request.session.get("id")
    if not isinstance(sid, str) or not sid:
        sid = request.session["id"] = new_session_id()
    return sid


def _csrf_for(request: Request, sid: str) -> str:
    key: bytes = request.app.state.session_key
    return hmac.new(key, b"csrf:" + sid.encode(), hashlib.sha256).hexdigest()


def csrf_token(request: Request) -> str:
    """The session's CSRF token."""
    return _csrf_for(request, session_id(request))


def check_csrf(request: Request, csrf_token: Annotated[str, Form()] = "") -> None:
    """Every form POST must echo the session's token (or send it as the X-CSRF-Token header)."""
    sent = csrf_token or request.headers.get("x-csrf-token", "")
    sid = request.session.get("id")
    expected = _csrf_for(request, sid) if isinstance(sid, str) and sid else ""
    if not sent or not expected or not hmac.compare_digest(str(sent), str(expected)):
        raise Forbidden("the form has expired or did not come from this site; reload the page and retry",
                        field=CSRF_FIELD)


def web_actor(request: Request, session: SessionDep) -> Actor:
    """The logged-in user while their session is live (not logged out or expired, token not revoked)."""
    sid = request.session.get("id")
    if not isinstance(sid, str) or not sid:
        return PUBLIC
    try:
        actor = actor_for_session(session, sid, dt.datetime.now(dt.UTC))
    except Unauthenticated:
        # logged out, expired, revoked, or a visitor who never logged in: the id stays as the
        # public's (it can never become live again) and keeps its CSRF token
        return PUBLIC
    request.state.actor = actor
    return actor


def current_actor(request: Request) -> Actor:
    """Who this request was found to be (for error pages, which run outside the dependencies)."""
    return getattr(request.state, "actor", None) or PUBLIC


def log_in(request: Request, sid: str) -> None:
    """The cookie names the new session (auth/sessions.start_session): a new id and so a new CSRF
    token, so neither an id nor a token from before the login is of use after it."""
    request.session.clear()
    request.session["id"] = sid


def log_out(request: Request) -> None:
    """Forget the session in the cookie (end it on the server first: auth/sessions.end_session)."""
    request.session.clear()


async def form_data(request: Request) -> FormData:
    """The posted form, read on the event loop, so the route itself can be a plain (threaded) def
    and its database work never blocks the loop."""
    return await request.form()


WebActor = Annotated[Actor, Depends(web_actor)]
FormDep = Annotated[FormData, Depends(form_data)]
Csrf = Depends(check_csrf)
