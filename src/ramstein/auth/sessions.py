"""Dashboard sessions: opened by logging in with a token, ended by logging out, kept on the server.

The cookie carries a random session id and nothing else; the database keeps only the id's hash, the
token it was opened with and when it expires. A session is live while it has not ended or expired,
its token is not revoked and its user is not disabled, so logging out, revoking the token or
disabling the user ends every copy of the cookie at once.
"""

from __future__ import annotations

import datetime as dt
import secrets

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from ramstein.auth.actor import Actor
from ramstein.auth.tokens import token_hash
from ramstein.errors import Unauthenticated
from ramstein.models import ApiToken, User
from ramstein.models.user import WebSession

# a session lasts a working day from login; logging in again re-reads the user's role
SESSION_SECONDS = 8 * 3600
# ended and expired sessions are deleted this long after they stop (at the next login)
KEEP_ENDED = dt.timedelta(days=1)


def new_session_id() -> str:
    """A random id for a visitor's session (also the public's: their forms carry a CSRF token too)."""
    return secrets.token_urlsafe(32)


def start_session(session: Session, token: str, now: dt.datetime) -> str:
    """Open a session for the user of a live `token`; returns the new session id, for the cookie only."""
    found = session.execute(select(ApiToken.id).join(User, User.id == ApiToken.user_id).where(
        ApiToken.token_hash == token_hash(token), ApiToken.revoked_at.is_(None),
        User.disabled_at.is_(None))).scalar_one_or_none()
    if found is None:
        raise Unauthenticated("unknown or revoked token")
    session.execute(delete(WebSession).where(WebSession.expires_at < now - KEEP_ENDED))
    session.execute(delete(WebSession).where(WebSession.ended_at < now - KEEP_ENDED))
    sid = new_session_id()
    session.add(WebSession(id_hash=token_hash(sid), token_id=found, created_at=now,
                           expires_at=now + dt.timedelta(seconds=SESSION_SECONDS)))
    session.flush()
    return sid


def end_session(session: Session, sid: str, now: dt.datetime) -> None:
    """End the session `sid` on the server (no matter who still holds its cookie)."""
    session.execute(update(WebSession).where(WebSession.id_hash == token_hash(sid), WebSession.ended_at.is_(None))
                    .values(ended_at=now))


_LIVE = (select(User.name, User.role, User.nation_iso3)
         .join(ApiToken, ApiToken.user_id == User.id).join(WebSession, WebSession.token_id == ApiToken.id))


def actor_for_session(session: Session, sid: str, now: dt.datetime) -> Actor:
    """The user of a live session; Unauthenticated if it ended, expired, or its token or user did."""
    found = session.execute(_LIVE.where(
        WebSession.id_hash == token_hash(sid), WebSession.ended_at.is_(None), WebSession.expires_at > now,
        ApiToken.revoked_at.is_(None), User.disabled_at.is_(None))).one_or_none()
    if found is None:
        raise Unauthenticated("the session has ended; log in again")
    return Actor(found.name, found.role, found.nation_iso3)
