"""Append events in the caller's transaction, each hashed over its content and the previous hash.

An event is recorded when the change is made and appended to the chain when its transaction (or
savepoint) commits: the chain admits one writer at a time, and a writer holds it from the moment
it reads the head until its commit, so on PostgreSQL, where several processes write at once, the
head is read as late as possible (with every event recorded before then written in one driver
call). An ORM read of events writes the pending ones first, as autoflush does for other rows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from decimal import Decimal
from typing import Any

from sqlalchemy import event, insert, inspect, select, text
from sqlalchemy.orm import ORMExecuteState, Session, SessionTransaction

from ramstein.auth.actor import Actor
from ramstein.db.memo import memo
from ramstein.db.statements import Prepared
from ramstein.models import Event

GENESIS = "0" * 64
LAST_HASH = "audit_last_hash"
PENDING = "audit_pending_events"
APPEND_EVERY = 1000  # recorded events held at most before they are appended (a long import's memory)
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
           request_id: str | None = None) -> None:
    """Record a change: appended to the chain when the caller's transaction or savepoint commits."""
    transaction = session.get_nested_transaction() or session.get_transaction() or session.begin()
    pending = session.info.setdefault(PENDING, [])
    pending.append((transaction, {
        "actor": actor.name, "role": actor.role, "action": action, "entity": entity, "entity_id": str(entity_id),
        "before": jsonable(before), "after": jsonable(after), "request_id": request_id}))
    if len(pending) >= APPEND_EVERY:
        append_pending(session)


def append_pending(session: Session) -> None:
    """Append the recorded events to the chain, in the order they were recorded.

    Only once every one of them was recorded inside the innermost open transaction: an event
    recorded outside a savepoint must not be written inside it, where the savepoint's rollback would
    take it along; it waits for the commit of the transaction it was recorded in.
    """
    pending = session.info.get(PENDING)
    current = session.get_nested_transaction() or session.get_transaction()
    if not pending or current is None or not all(_inside(t, current) for t, _ in pending):
        return
    del session.info[PENDING]
    remembered = memo(session)
    prev = remembered.get(LAST_HASH)
    if prev is None:
        # the first append of a transaction takes the chain's lock and reads its head; later ones in
        # the same transaction extend the head they wrote (no other writer can move it meanwhile),
        # unless a savepoint rolled back, which forgets the memo and so reads the head again
        _lock_chain(session)
        last = _HEAD.run(session, {}).one_or_none()
        prev = last.hash if last is not None else GENESIS
    at = dt.datetime.now(dt.UTC)  # taken under the lock: times never go back along the chain
    rows = []
    for _, fields in pending:
        body = event_body(at, fields["actor"], fields["role"], fields["action"], fields["entity"],
                          fields["entity_id"], fields["before"], fields["after"], fields["request_id"])
        digest = event_hash(prev, body)
        rows.append({**fields, "at": at, "prev_hash": prev, "hash": digest})
        prev = digest
    # a Core insert: events are written once and never read back in the same unit of work, so
    # they need no ORM identity, and a long import or a group commit does not carry them along
    _APPEND.run_many(session, rows)
    remembered[LAST_HASH] = prev


@event.listens_for(Session, "before_commit")
def _append_at_commit(session: Session) -> None:
    append_pending(session)  # also called when a savepoint is released


@event.listens_for(Session, "after_soft_rollback")
def _forget_rolled_back(session: Session, previous_transaction: SessionTransaction) -> None:
    """Events recorded inside what rolled back (a savepoint, or all) go with it; the rest wait."""
    pending = session.info.get(PENDING)
    if pending:
        session.info[PENDING] = [(t, f) for t, f in pending if not _inside(t, previous_transaction)]


@event.listens_for(Session, "after_transaction_end")
def _forget_at_end(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:
        session.info.pop(PENDING, None)


@event.listens_for(Session, "do_orm_execute")
def _append_before_reading_events(state: ORMExecuteState) -> None:
    if state.session.info.get(PENDING) and any(m.class_ is Event for m in state.all_mappers):
        append_pending(state.session)


def _inside(transaction: SessionTransaction | None, outer: SessionTransaction) -> bool:
    while transaction is not None:
        if transaction is outer:
            return True
        transaction = transaction.parent
    return False
