"""Append events in the caller's transaction, each hashed over its content and the previous hash."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from decimal import Decimal
from typing import Any

from sqlalchemy import insert, inspect, select, text
from sqlalchemy.orm import Session

from ramstein.auth.actor import Actor
from ramstein.db.memo import memo
from ramstein.db.statements import Prepared
from ramstein.models import Event

GENESIS = "0" * 64
LAST_HASH = "audit_last_hash"
EVENTS = Event.__table__
# on every write's path: run on the driver (db/statements.Prepared)
_APPEND = Prepared(insert(EVENTS))
_HEAD = Prepared(select(EVENTS.c.hash).order_by(EVENTS.c.seq.desc()).limit(1))


def jsonable(value: Any) -> Any:
    """Decimals as exact strings, dates as ISO text: the log keeps figures without float rounding."""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return value


def snapshot(obj: object) -> dict[str, Any]:
    """The column values of an ORM object, JSON-safe (relationships are recorded by their own events)."""
    mapper = inspect(obj).mapper
    return {attr.key: jsonable(getattr(obj, attr.key)) for attr in mapper.column_attrs}


def event_hash(prev_hash: str, body: dict[str, Any]) -> str:
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256((prev_hash + canonical).encode()).hexdigest()


def event_body(at: dt.datetime, actor: str, role: str, action: str, entity: str, entity_id: str,
               before: Any, after: Any, request_id: str | None) -> dict[str, Any]:
    """What an event's hash covers: everything but its sequence number and the hashes."""
    return {"at": at.astimezone(dt.UTC).isoformat(), "actor": actor, "role": role, "action": action,
            "entity": entity, "entity_id": entity_id, "before": before, "after": after, "request_id": request_id}


def _lock_chain(session: Session) -> None:
    """Serialize appends so two transactions cannot both extend the same hash (PostgreSQL)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(7262001)"))


def record(session: Session, actor: Actor, action: str, entity: str, entity_id: object,
           before: dict[str, Any] | None, after: dict[str, Any] | None,
           request_id: str | None = None) -> str:
    remembered = memo(session)
    prev = remembered.get(LAST_HASH)
    if prev is None:
        # the first event of a transaction takes the chain's lock and reads its head; later ones in
        # the same transaction extend the head they wrote (no other writer can move it meanwhile),
        # unless a savepoint rolled back, which forgets the memo and so reads the head again
        _lock_chain(session)
        last = _HEAD.run(session, {}).one_or_none()
        prev = last.hash if last is not None else GENESIS
    at = dt.datetime.now(dt.UTC)
    body = event_body(at, actor.name, actor.role, action, entity, str(entity_id), jsonable(before),
                      jsonable(after), request_id)
    digest = event_hash(prev, body)
    # a Core insert: events are written once and never read back in the same unit of work, so
    # they need no ORM identity, and a long import or a group commit does not carry them along
    _APPEND.run(session, {
        "at": at, "actor": actor.name, "role": actor.role, "action": action, "entity": entity,
        "entity_id": str(entity_id), "before": body["before"], "after": body["after"],
        "request_id": request_id, "prev_hash": prev, "hash": digest})
    remembered[LAST_HASH] = digest
    return digest
