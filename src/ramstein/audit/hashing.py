"""The event log's hash chain and its check, as plain functions over records (no database).

`verify_records` is what `ramstein audit verify` runs, on the database's rows or on an exported
log (`--file events.json`): each record is a mapping with the events table's columns. Given signed
checkpoints of the chain's head (audit/signing.py), it also catches what the chain alone cannot:
a log cut short, or rewritten and re-hashed from some event on.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64


def event_hash(prev_hash: str, body: dict[str, Any]) -> str:
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256((prev_hash + canonical).encode()).hexdigest()


def event_body(at: dt.datetime, actor: str, role: str, action: str, entity: str, entity_id: str,
               before: Any, after: Any, request_id: str | None) -> dict[str, Any]:
    """What an event's hash covers: everything but its sequence number and the hashes."""
    return {"at": at.astimezone(dt.UTC).isoformat(), "actor": actor, "role": role, "action": action,
            "entity": entity, "entity_id": entity_id, "before": before, "after": after, "request_id": request_id}


@dataclass(frozen=True)
class Anchor:
    """A signed checkpoint's claim, already checked against its signature: event `seq` has `hash`."""

    seq: int
    hash: str
    at: str


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_at: int | None  # seq of the first event that does not verify
    reason: str = ""
    head_seq: int | None = None
    head_hash: str = GENESIS
    anchors_held: int = 0

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def _at(value: Any) -> dt.datetime:
    return value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(value)


def verify_records(records: Iterable[Mapping[str, Any]], anchors: Iterable[Anchor] = (),
                   progress: Callable[[int], None] | None = None,
                   each: Callable[[Mapping[str, Any]], None] | None = None) -> ChainReport:
    """Recompute the chain over `records` in sequence order; stop at the first event that does not
    verify. Each anchor must name an event of the log with that hash: an event missing or different
    there means the log was cut short or rewritten (and re-hashed) at or before that event. A record
    may carry `content_ok`, its content already checked (`content_matches`, in another process)."""
    waiting = sorted(anchors, key=lambda a: a.seq)
    prev, checked, held, last_seq, last_good = GENESIS, 0, 0, None, 0
    for record in records:
        seq = record["seq"]
        if record["prev_hash"] != prev:
            return ChainReport(checked, seq, "its prev_hash is not the hash of the event before it",
                               last_seq, prev, held)
        known = record.get("content_ok")
        if not (content_matches(record) if known is None else known):
            return ChainReport(checked, seq, "its content does not match its hash", last_seq, prev, held)
        if waiting and waiting[0].seq < seq:  # the signed event is gone
            return ChainReport(checked, waiting[0].seq, _rewritten(waiting[0], last_good, "is missing"),
                               last_seq, prev, held)
        if waiting and waiting[0].seq == seq:
            if record["hash"] != waiting[0].hash:
                return ChainReport(checked, seq, _rewritten(waiting[0], last_good, "differs from"),
                                   last_seq, prev, held)
            last_good, held = seq, held + 1
            waiting.pop(0)
        if each is not None:
            each(record)
        prev, checked, last_seq = record["hash"], checked + 1, seq
        if progress and checked % 2000 == 0:
            progress(checked)
    if waiting:
        first = (last_seq or 0) + 1
        return ChainReport(checked, first, f"the log ends at event {last_seq or 0}, but a checkpoint signed "
                           f"{waiting[-1].at} covers up to event {waiting[-1].seq}: events from {first} on "
                           "were removed", last_seq, prev, held)
    return ChainReport(checked, None, "", last_seq, prev, held)


def content_matches(record: Mapping[str, Any]) -> bool:
    """The event's hash is the hash of its content over its prev_hash (the link is checked apart)."""
    body = event_body(_at(record["at"]), record["actor"], record["role"], record["action"], record["entity"],
                      record["entity_id"], record["before"], record["after"], record["request_id"])
    return event_hash(record["prev_hash"], body) == record["hash"]


def _rewritten(anchor: Anchor, last_good: int, what: str) -> str:
    since = f"after event {last_good}, where an earlier checkpoint holds" if last_good else "from the start"
    return (f"this event {what} the checkpoint signed {anchor.at} (hash {anchor.hash[:16]}...): the log was "
            f"rewritten and re-hashed at or before it ({since})")
