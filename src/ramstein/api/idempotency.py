"""Idempotent POSTs: a retry with the same key and body gets the first response and creates nothing.

The key is stored with the response in the same transaction as the write, so a write and its key
commit together. Retries in one process queue in the same group commit, so the second finds the
first's key; a retry racing in another worker loses the unique-key race, rolls back its own write
and replays the winner's response.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
from collections.abc import Callable
from typing import Any

from fastapi import Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy import bindparam, delete, select
from sqlalchemy.orm import Session

from ramstein.api.deps import actor_of
from ramstein.auth.actor import Actor
from ramstein.db.group_commit import Refusal
from ramstein.db.statements import Prepared, insert_unless_exists
from ramstein.errors import Conflict, ValidationError
from ramstein.models import IdempotencyKey

KEEP_FOR = dt.timedelta(hours=48)
MAX_KEY_LENGTH = 200


def _fingerprint(request: Request, body: BaseModel | None) -> str:
    payload = request.method + " " + request.url.path + "\n" + (body.model_dump_json() if body else "")
    return hashlib.sha256(payload.encode()).hexdigest()


KEYS = IdempotencyKey.__table__
_STORED = Prepared(select(KEYS.c.body_hash, KEYS.c.status_code, KEYS.c.response).where(
    KEYS.c.actor == bindparam("actor"), KEYS.c.key == bindparam("key")))
_STORE = Prepared(lambda dialect: insert_unless_exists(dialect, KEYS))


def _stored(session: Session, actor: Actor, key: str) -> Any:
    return _STORED.run(session, {"actor": actor.name, "key": key}).one_or_none()


def _replay(found: Any, fingerprint: str) -> JSONResponse:
    if found.body_hash != fingerprint:
        raise ValidationError("this Idempotency-Key was used with a different request", field="Idempotency-Key")
    return JSONResponse(found.response, status_code=found.status_code, headers={"Idempotent-Replayed": "true"})


def _json(result: Any) -> Any:
    """Pydantic's own serializer for models (several times faster than jsonable_encoder)."""
    if isinstance(result, BaseModel):
        return result.model_dump(mode="json")
    if isinstance(result, list) and all(isinstance(r, BaseModel) for r in result):
        return [r.model_dump(mode="json") for r in result]
    return jsonable_encoder(result)


class _Replayed(Exception):
    """Raised inside the write to roll it back when a concurrent retry with the same key won the race."""

    def __init__(self, response: JSONResponse) -> None:
        self.response = response


def replay_if_stored(request: Request, session: Session, actor: Actor, key: str | None,
                     body: BaseModel | None) -> JSONResponse | None:
    """The first answer to a retried request, looked up before work that is costly to repeat (a
    plan's solve); run_write checks again inside its transaction, which is what makes it exact."""
    if key is None or not 0 < len(key) <= MAX_KEY_LENGTH:
        return None
    found = _stored(session, actor, key)
    return _replay(found, _fingerprint(request, body)) if found is not None else None


async def run_write(request: Request, authorization: str | None, key: str | None, body: BaseModel | None,
                    write: Callable[[Session, Actor], Any], status_code: int = 201,
                    headers: Callable[[Any], dict[str, str]] | None = None) -> JSONResponse:
    """Run `write` in the app's group commit and answer once it is durable; with a key, at most once.

    The caller is authenticated inside the write's transaction: the request then touches the
    database on the writer thread only, and a token revoked before the write cannot make it.
    """
    if key is not None and not 0 < len(key) <= MAX_KEY_LENGTH:
        raise ValidationError(f"Idempotency-Key must be 1 to {MAX_KEY_LENGTH} characters", field="Idempotency-Key")
    fingerprint = _fingerprint(request, body)

    def job(session: Session) -> JSONResponse:
        try:  # who is asking, and have they asked before: reads only, so a refusal here is cheap
            actor = actor_of(request, session, authorization)
            if key is not None and (found := _stored(session, actor, key)) is not None:
                return _replay(found, fingerprint)
        except Exception as exc:
            raise Refusal(exc) from None
        result = write(session, actor)
        payload = _json(result)
        if key is not None:
            _purge_hourly(request, session)
            stored = _STORE.run(session, {
                "actor": actor.name, "key": key, "method": request.method, "path": request.url.path,
                "body_hash": fingerprint, "status_code": status_code, "response": payload})
            if stored.rowcount == 0:
                # another worker committed this key meanwhile: undo this write, answer with theirs
                found = _stored(session, actor, key)
                if found is None:  # the other writer's key is gone again (purged): the client may retry
                    raise Conflict("a concurrent request with this Idempotency-Key did not finish; retry",
                                   field="Idempotency-Key")
                raise _Replayed(_replay(found, fingerprint))
        return JSONResponse(payload, status_code=status_code, headers=headers(result) if headers else {})

    try:
        return await asyncio.wrap_future(request.app.state.writes.submit(job))  # type: ignore[no-any-return]
    except _Replayed as replayed:
        return replayed.response


def _purge_hourly(request: Request, session: Session) -> None:
    """Keys are promised for 24 hours and kept 48; the writer that finds the last purge an hour old purges."""
    now = dt.datetime.now(dt.UTC)
    last = getattr(request.app.state, "idempotency_purged_at", None)
    if last is None or now - last > dt.timedelta(hours=1):
        request.app.state.idempotency_purged_at = now
        purge_expired(session, now)


def purge_expired(session: Session, now: dt.datetime | None = None) -> int:
    """Drop keys older than KEEP_FOR (the promise is at least 24 hours)."""
    cutoff = (now or dt.datetime.now(dt.UTC)) - KEEP_FOR
    result = session.execute(delete(IdempotencyKey).where(IdempotencyKey.created_at < cutoff))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
