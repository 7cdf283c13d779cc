"""Verify the event log in the database: its hash chain (audit/hashing.py), against checkpoints."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from ramstein.audit.hashing import Anchor, ChainReport, verify_records
from ramstein.errors import RamsteinError
from ramstein.models import Event

__all__ = ["ChainReport", "count_events", "event_records", "verify_chain"]
EVENTS = Event.__table__


def event_records(session: Session, batch: int = 5000) -> Iterator[Mapping[str, Any]]:
    """Every event as a plain mapping of its columns, in sequence order, read in batches."""
    try:
        result = session.execute(select(EVENTS).order_by(EVENTS.c.seq).execution_options(yield_per=batch))
        for row in result:
            yield row._mapping
    except (SQLAlchemyError, ValueError) as exc:  # e.g. an after-image that is no longer JSON
        raise RamsteinError(f"the event log cannot be read: {str(exc).splitlines()[0]}") from None


def verify_chain(session: Session, progress: Callable[[int], None] | None = None,
                 anchors: Iterable[Anchor] = (),
                 each: Callable[[Mapping[str, Any]], None] | None = None) -> ChainReport:
    return verify_records(event_records(session), anchors, progress, each)


def count_events(session: Session) -> int:
    return session.execute(select(func.count()).select_from(Event)).scalar_one()
