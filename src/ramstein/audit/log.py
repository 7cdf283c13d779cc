"""Append events in the caller's transaction, each hashed over its content and the previous hash.

An event is recorded when the change is made and appended to the chain when its transaction (or
savepoint) commits: the chain admits one writer at a time, and a writer holds it from the moment
it reads the head until its commit, so on PostgreSQL, where several processes write at once, the
head is read as late as possible (with every event recorded before then written in one driver
call). A read of the events table through the session writes the pending ones first, as autoflush
does for other rows.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import event, insert, inspect, select, text
from sqlalchemy.orm import ORMExecuteState, Session, SessionTransaction
from sqlalchemy.sql import TableClause, visitors

from ramstein.audit.hashing import GENESIS, event_body, event_hash
from ramstein.auth.actor import Actor
from ramstein.db.memo import memo
from ramstein.db.statements import Prepared
from ramstein.models import Event

LAST_HASH = "audit_last_hash"
PENDING = "audit_pending_events"
OUTER_COMMIT = "audit_savepoint_under_commit"
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
    """Append the recorded events to the chain, in the order they were recorded, if none of them
    was recorded outside the innermost open savepoint: written inside it, such an event would go
    if the savepoint rolled back, while the change it records stays. Those wait for a commit."""
    current = session.get_nested_transaction() or session.get_transaction()
    if current is not None and _all_recorded_inside(session, current):
        _append(session)


def _append(session: Session) -> None:
    pending = session.info.pop(PENDING, None)
    if not pending:
        return
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
    try:
        _APPEND.run_many(session, rows)
    except BaseException:
        # not written (the caller's transaction or savepoint will roll back): they wait again,
        # for whatever part of the transaction is kept
        session.info[PENDING] = pending + session.info.get(PENDING, [])
        raise
    remembered[LAST_HASH] = prev


@event.listens_for(Session, "before_commit")
def _append_at_commit(session: Session) -> None:
    """Fired for the transaction's commit and for each savepoint's release. An event recorded
    outside the savepoint being released waits for the commit further out, except when that
    commit is what releases the savepoint: the outer commit's before_commit comes first, with the
    savepoint still innermost, then the savepoint's own, so the second call for the same innermost
    savepoint means everything up to the committing transaction is being released."""
    current = session.get_nested_transaction()
    if current is not None and session.info.get(OUTER_COMMIT) is not current \
            and not _all_recorded_inside(session, current):
        session.info[OUTER_COMMIT] = current  # the first call: wait for the savepoint's own
        return
    _append(session)


@event.listens_for(Session, "after_soft_rollback")
def _forget_rolled_back(session: Session, previous_transaction: SessionTransaction) -> None:
    """Events recorded inside what rolled back go with it; the rest wait. A failed flush rolls
    back through a subtransaction of its own: what went is the savepoint (or all) around it."""
    pending = session.info.get(PENDING)
    if not pending:
        return
    boundary: SessionTransaction | None = previous_transaction
    while boundary is not None and not (boundary.nested or boundary.parent is None):
        boundary = boundary.parent
    if boundary is not None:
        session.info[PENDING] = [(t, f) for t, f in pending if not _inside(t, boundary)]


@event.listens_for(Session, "after_transaction_end")
def _forget_at_end(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:
        session.info.pop(PENDING, None)
        session.info.pop(OUTER_COMMIT, None)


@event.listens_for(Session, "do_orm_execute")
def _append_before_reading_events(state: ORMExecuteState) -> None:
    if state.session.info.get(PENDING) and any(isinstance(e, TableClause) and e.name == EVENTS.name
                                               for e in visitors.iterate(state.statement)):
        append_pending(state.session)  # the statement's tables may be the ORM's annotated copies


def _all_recorded_inside(session: Session, transaction: SessionTransaction) -> bool:
    return all(_inside(t, transaction) for t, _ in session.info.get(PENDING, ()))


def _inside(transaction: SessionTransaction | None, outer: SessionTransaction) -> bool:
    while transaction is not None:
        if transaction is outer:
            return True
        transaction = transaction.parent
    return False
