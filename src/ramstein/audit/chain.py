"""Verify the event log in the database: its hash chain (audit/hashing.py), against checkpoints.

Each event's hash can be checked on its own (its content over its stored prev_hash); only the links
between events need the order. A long log is therefore read in batches whose contents are hashed
in worker processes (decoding and re-encoding the JSON is most of the cost) while this process
checks the links, the checkpoints and feeds the replay; a short one is checked in this process.
"""

from __future__ import annotations

import json
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from sqlalchemy import Text, cast, func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from ramstein.audit.hashing import Anchor, ChainReport, content_matches, verify_records
from ramstein.errors import RamsteinError
from ramstein.models import Event

__all__ = ["ChainReport", "count_events", "event_records", "verify_chain"]
EVENTS = Event.__table__
BATCH = 5000
PARALLEL_FROM = 50_000  # events; below this a pool costs more than it saves
IN_FLIGHT = 4  # batches hashed ahead of the links being checked
COLUMNS = ("seq", "at", "actor", "role", "action", "entity", "entity_id", "before", "after", "request_id",
           "prev_hash", "hash")


def event_records(session: Session, batch: int = BATCH) -> Iterator[Mapping[str, Any]]:
    """Every event as a plain mapping of its columns, in sequence order, read in batches."""
    try:
        result = session.execute(select(EVENTS).order_by(EVENTS.c.seq).execution_options(yield_per=batch))
        for row in result:
            yield row._mapping
    except (SQLAlchemyError, ValueError) as exc:  # e.g. an after-image that is no longer JSON
        raise RamsteinError(f"the event log cannot be read: {str(exc).splitlines()[0]}") from None


def _decoded(text: str | None) -> Any:
    return None if text is None else json.loads(text)


def _check_batch(rows: list[tuple[Any, ...]]) -> list[bool]:
    """In a worker: whether each event's content matches its hash (JSON columns come as text)."""
    checked = []
    for row in rows:
        record = dict(zip(COLUMNS, row, strict=True))
        try:
            record["before"], record["after"] = _decoded(record["before"]), _decoded(record["after"])
        except ValueError:
            checked.append(False)
            continue
        checked.append(content_matches(record))
    return checked


def _raw_batches(session: Session) -> Iterator[list[tuple[Any, ...]]]:
    columns = [cast(EVENTS.c[name], Text) if name in ("before", "after") else EVENTS.c[name] for name in COLUMNS]
    try:
        result = session.execute(select(*columns).order_by(EVENTS.c.seq).execution_options(yield_per=BATCH))
        for part in result.partitions(BATCH):
            yield [tuple(row) for row in part]
    except SQLAlchemyError as exc:
        raise RamsteinError(f"the event log cannot be read: {str(exc).splitlines()[0]}") from None


def _hashed_in_workers(session: Session, workers: int) -> Iterator[Mapping[str, Any]]:
    # spawned, not forked: this process may hold threads (a progress bar) and open connections
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        pending: deque[tuple[list[tuple[Any, ...]], Future[list[bool]]]] = deque()
        for rows in _raw_batches(session):
            pending.append((rows, pool.submit(_check_batch, rows)))
            if len(pending) >= IN_FLIGHT:
                yield from _released(*pending.popleft())
        while pending:
            yield from _released(*pending.popleft())


def _released(rows: list[tuple[Any, ...]], checked: Future[list[bool]]) -> Iterator[Mapping[str, Any]]:
    for row, ok in zip(rows, checked.result(), strict=True):
        record = dict(zip(COLUMNS, row, strict=True))
        record["content_ok"] = ok
        try:  # the replay reads after-images; an undecodable one has failed its hash already
            record["after"] = _decoded(record["after"]) if ok else None
        except ValueError:
            record["after"] = None
        yield record


def verify_chain(session: Session, progress: Callable[[int], None] | None = None,
                 anchors: Iterable[Anchor] = (),
                 each: Callable[[Mapping[str, Any]], None] | None = None,
                 workers: int | None = None) -> ChainReport:
    """The chain, with the contents hashed on `workers` processes (default: every core) for a long log."""
    workers = workers if workers is not None else (os.cpu_count() or 1)
    if workers > 1 and count_events(session) >= PARALLEL_FROM:
        return verify_records(_hashed_in_workers(session, workers), anchors, progress, each)
    return verify_records(event_records(session), anchors, progress, each)


def count_events(session: Session) -> int:
    return session.execute(select(func.count()).select_from(Event)).scalar_one()
