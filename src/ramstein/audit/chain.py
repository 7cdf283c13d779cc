"""Verify the event log's hash chain: any later edit, insertion or deletion breaks it at that event."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ramstein.audit.log import GENESIS, event_body, event_hash
from ramstein.models import Event


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_at: int | None  # seq of the first event that does not verify
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def verify_chain(session: Session, progress: Callable[[int], None] | None = None) -> ChainReport:
    prev, checked = GENESIS, 0
    for event in session.execute(select(Event).order_by(Event.seq).execution_options(yield_per=2000)).scalars():
        if event.prev_hash != prev:
            return ChainReport(checked, event.seq, "its prev_hash is not the hash of the event before it")
        body = event_body(event.at, event.actor, event.role, event.action, event.entity, event.entity_id,
                          event.before, event.after, event.request_id)
        if event_hash(prev, body) != event.hash:
            return ChainReport(checked, event.seq, "its content does not match its hash")
        prev, checked = event.hash, checked + 1
        if progress and checked % 2000 == 0:
            progress(checked)
    return ChainReport(checked, None)


def count_events(session: Session) -> int:
    return session.execute(select(func.count()).select_from(Event)).scalar_one()
