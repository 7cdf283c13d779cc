"""Idempotent POSTs: a retry with the same key and body gets the first response and creates nothing.

The key is stored with the response in the same transaction as the write, so a write and its key
commit together; a concurrent retry loses the unique-key race, rolls back its own write and replays
the winner's response.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from typing import Any

from fastapi import Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from ramstein.auth.actor import Actor
from ramstein.db.uow import UnitOfWork
from ramstein.errors import ValidationError
from ramstein.models import IdempotencyKey

KEEP_FOR = dt.timedelta(hours=48)
MAX_KEY_LENGTH = 200


def _fingerprint(request: Request, body: BaseModel | None) -> str:
    payload = request.method + " " + request.url.path + "\n" + (body.model_dump_json() if body else "")
    return hashlib.sha256(payload.encode()).hexdigest()


def _stored(uow: UnitOfWork, actor: Actor, key: str) -> IdempotencyKey | None:
    return uow.session.execute(select(IdempotencyKey).where(
        IdempotencyKey.actor == actor.name, IdempotencyKey.key == key)).scalar_one_or_none()


def _replay(found: IdempotencyKey, fingerprint: str) -> JSONResponse:
    if found.body_hash != fingerprint:
        raise ValidationError("this Idempotency-Key was used with a different request", field="Idempotency-Key")
    return JSONResponse(found.response, status_code=found.status_code, headers={"Idempotent-Replayed": "true"})


def run_write(request: Request, uow: UnitOfWork, actor: Actor, key: str | None, body: BaseModel | None,
              write: Callable[[], Any], status_code: int = 201,
              headers: Callable[[Any], dict[str, str]] | None = None) -> JSONResponse:
    """Run `write`, commit, and answer; with a key, at most once per (actor, key)."""
    if key is not None and not 0 < len(key) <= MAX_KEY_LENGTH:
        raise ValidationError(f"Idempotency-Key must be 1 to {MAX_KEY_LENGTH} characters", field="Idempotency-Key")
    fingerprint = _fingerprint(request, body)
    if key is not None and (found := _stored(uow, actor, key)) is not None:
        return _replay(found, fingerprint)
    result = write()
    payload = jsonable_encoder(result)
    extra = headers(result) if headers else {}
    if key is not None:
        _purge_hourly(request, uow)
        uow.session.add(IdempotencyKey(actor=actor.name, key=key, method=request.method, path=request.url.path,
                                       body_hash=fingerprint, status_code=status_code, response=payload))
    try:
        uow.commit()
    except IntegrityError:
        uow.session.rollback()
        found = _stored(uow, actor, key) if key is not None else None
        if found is None:
            raise
        return _replay(found, fingerprint)
    return JSONResponse(payload, status_code=status_code, headers=extra)


def _purge_hourly(request: Request, uow: UnitOfWork) -> None:
    """Keys are promised for 24 hours and kept 48; the writer that finds the last purge an hour old purges."""
    now = dt.datetime.now(dt.UTC)
    last = getattr(request.app.state, "idempotency_purged_at", None)
    if last is None or now - last > dt.timedelta(hours=1):
        request.app.state.idempotency_purged_at = now
        purge_expired(uow, now)


def purge_expired(uow: UnitOfWork, now: dt.datetime | None = None) -> int:
    """Drop keys older than KEEP_FOR (the promise is at least 24 hours)."""
    cutoff = (now or dt.datetime.now(dt.UTC)) - KEEP_FOR
    result = uow.session.execute(delete(IdempotencyKey).where(IdempotencyKey.created_at < cutoff))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
