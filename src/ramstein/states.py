"""Lifecycles as declared tables of allowed moves (GUIDE rule 7). Pure: no storage here."""

from __future__ import annotations

from collections.abc import Mapping

from ramstein.errors import InvalidTransition

PLEDGE_STATUSES = ("announced", "confirmed", "committed", "disbursed", "withdrawn")
PLEDGE_MOVES: Mapping[str, frozenset[str]] = {
    "announced": frozenset({"confirmed", "withdrawn"}),
    "confirmed": frozenset({"committed", "withdrawn"}),
    "committed": frozenset({"disbursed", "withdrawn"}),
    "disbursed": frozenset(),
    "withdrawn": frozenset(),
}
# pledges at or past this point are money the coordinators can allocate
POOLED_PLEDGE_STATUSES = ("confirmed", "committed", "disbursed")
# what the headline counts: every pledge not withdrawn, as the Kiel tracker counts commitments (SPEC 3.7)
COMMITMENT_STATUSES = ("announced", "confirmed", "committed", "disbursed")

PACKAGE_STATUSES = ("draft", "approved", "contracted", "delivering", "delivered")
PACKAGE_MOVES: Mapping[str, frozenset[str]] = {
    "draft": frozenset({"approved"}),
    "approved": frozenset({"contracted"}),
    "contracted": frozenset({"delivering"}),
    "delivering": frozenset({"delivered"}),
    "delivered": frozenset(),
}

# `estimated`: a figure we derived (a GDP split of a joint pledge, the unpublished remainder of a joint
# package); never counted as official or reported, whatever the standing of the figures it rests on
CONFIDENCES = ("official", "reported", "unconfirmed", "estimated")
# totals include these unless a user asks otherwise (SPEC 3.3)
DEFAULT_CONFIDENCES = ("official", "reported")

REGIONS = ("US", "EU", "UA", "OTHER")


def check_move(kind: str, table: Mapping[str, frozenset[str]], current: str, target: str) -> None:
    """Refuse a move the table does not allow, naming what is allowed instead."""
    if target not in table:
        raise InvalidTransition(f"unknown {kind} status {target!r}; one of {', '.join(table)}", field="status")
    allowed = table[current]
    if target not in allowed:
        options = ", ".join(sorted(allowed)) or "none (final)"
        raise InvalidTransition(f"a {current} {kind} cannot become {target}; allowed: {options}",
                                field="status")


def best_confidence(levels: list[str]) -> str:
    """A figure's confidence is the best of its sources' (SPEC 2)."""
    if not levels:
        raise ValueError("a figure needs at least one source")
    return min(levels, key=CONFIDENCES.index)


def statuses_reached(table: Mapping[str, frozenset[str]], start: str, target: str) -> list[str]:
    """The shortest path of moves from start to target (for imports of records already advanced)."""
    frontier, seen = [[start]], {start}
    while frontier:
        path = frontier.pop(0)
        if path[-1] == target:
            return path[1:]
        for nxt in sorted(table[path[-1]]):
            if nxt not in seen:
                seen.add(nxt)
                frontier.append([*path, nxt])
    raise InvalidTransition(f"{target} cannot be reached from {start}", field="status")
