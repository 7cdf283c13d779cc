"""Users, tokens, and turning a presented token into an Actor."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from ramstein.audit.log import record, snapshot
from ramstein.auth.actor import USER_ROLES, Actor
from ramstein.auth.policy import CREATE, UPDATE, Target, require
from ramstein.auth.tokens import new_token, token_hash
from ramstein.db.memo import memo
from ramstein.db.statements import Prepared
from ramstein.errors import Conflict, NotFound, Unauthenticated, ValidationError
from ramstein.models import ApiToken, User
from ramstein.nations.repository import get_nation


def add_user(session: Session, actor: Actor, name: str, role: str, nation: str | None) -> tuple[User, str]:
    """Create a user with a first token; the token is returned once and only its hash is kept."""
    require(actor, CREATE, Target("user"))
    name = name.strip()
    if not name or len(name) > 100:
        raise ValidationError("a user name is 1 to 100 characters", field="name")
    if role not in USER_ROLES:
        raise ValidationError(f"role must be one of {', '.join(USER_ROLES)}", field="role")
    if (role == "nation") != (nation is not None):
        raise ValidationError("--nation is required for the nation role and only for it", field="nation")
    if nation is not None:
        nation = get_nation(session, nation).iso3
    if session.execute(select(User.id).where(User.name == name)).first():
        raise Conflict(f"a user {name!r} exists already", field="name")
    user = User(name=name, role=role, nation_iso3=nation)
    session.add(user)
    session.flush()
    record(session, actor, "created", "user", user.name, None, snapshot(user))
    return user, issue_token(session, actor, user)


def issue_token(session: Session, actor: Actor, user: User) -> str:
    require(actor, UPDATE, Target("user"))
    token = new_token()
    row = ApiToken(user_id=user.id, token_hash=token_hash(token))
    session.add(row)
    session.flush()
    record(session, actor, "token_issued", "user", user.name, None, {"token_id": row.id})
    return token


def revoke_tokens(session: Session, actor: Actor, name: str) -> int:
    require(actor, UPDATE, Target("user"))
    user = session.execute(select(User).where(User.name == name)).scalar_one_or_none()
    if user is None:
        raise NotFound(f"no user {name!r}", field="name")
    now = dt.datetime.now(dt.UTC)
    tokens = session.execute(select(ApiToken).where(ApiToken.user_id == user.id,
                                                    ApiToken.revoked_at.is_(None))).scalars().all()
    for token in tokens:
        token.revoked_at = now
    session.flush()
    record(session, actor, "tokens_revoked", "user", user.name, None, {"revoked": len(tokens)})
    return len(tokens)


def actor_for_token(session: Session, token: str) -> Actor:
    return actor_for_token_hash(session, token_hash(token))


# on every authenticated request's path: run on the driver (db/statements.Prepared)
_LIVE_TOKEN = Prepared(
    select(User.name, User.role, User.nation_iso3).join(ApiToken, ApiToken.user_id == User.id)
    .where(ApiToken.token_hash == bindparam("hashed"), ApiToken.revoked_at.is_(None), User.disabled_at.is_(None))
)


def actor_for_token_hash(session: Session, hashed: str) -> Actor:
    """The user of a live token, by its hash (dashboard sessions keep the hash, never the token)."""
    remembered = memo(session)  # a group commit's jobs often carry the same token
    actor = remembered.get(("token", hashed))
    if actor is None:
        found = _LIVE_TOKEN.run(session, {"hashed": hashed}).one_or_none()
        if found is None:
            raise Unauthenticated("unknown or revoked token")
        actor = remembered["token", hashed] = Actor(found.name, found.role, found.nation_iso3)
    return actor  # type: ignore[no-any-return]
