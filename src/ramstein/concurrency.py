"""Optimistic concurrency: a change names the version it was based on, and a stale one is refused."""

from __future__ import annotations

from ramstein.errors import Conflict


def check_version(entity: str, current: int, expected: int | None) -> None:
    if expected is not None and expected != current:
        raise Conflict(f"{entity} changed since version {expected} (now {current}); reload and retry",
                       field="version")
