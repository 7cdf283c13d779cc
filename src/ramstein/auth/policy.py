"""Who may do what to which object: the one place that decides (GUIDE rule 10, SPEC section 1).

Objects are described by a Target: the kind of record and, for pledges, the nation that owns it;
`released` says whether the public may see it. Services call `require` before they read or write.
"""

from __future__ import annotations

from dataclasses import dataclass

from ramstein.auth.actor import Actor
from ramstein.errors import Forbidden, Unauthenticated

READ, CREATE, UPDATE, TRANSITION = "read", "create", "update", "transition"
WRITES = (CREATE, UPDATE, TRANSITION)
# what a coordinator changes (SPEC 1): the catalog, packages, plans, deliveries, releases, users
COORDINATED = frozenset({"offer", "package", "plan", "delivery", "release", "user"})


@dataclass(frozen=True)
class Target:
    kind: str
    nation: str | None = None
    released: bool = False


def can(actor: Actor, action: str, target: Target) -> bool:
    role = actor.role
    if role in ("operator", "system"):
        return True
    if action == READ:
        if role in ("coordinator", "auditor"):
            return True
        if target.kind == "event":
            return False
        if role == "nation" and target.kind == "pledge" and target.nation == actor.nation:
            return True
        if role == "ukraine" and target.kind == "requirement":
            return True
        return target.released
    if role == "coordinator":
        return target.kind in COORDINATED
    if role == "nation":
        return target.kind == "pledge" and target.nation == actor.nation
    if role == "ukraine":
        return target.kind == "requirement"
    return False


def require(actor: Actor, action: str, target: Target) -> None:
    """Refuse: the public is asked to log in (401); a known actor without the right is forbidden (403)."""
    if not can(actor, action, target):
        if actor.role == "public":
            raise Unauthenticated(f"log in to {action} {target.kind}")
        whose = f" of {target.nation}" if target.nation else ""
        raise Forbidden(f"{actor.role} {actor.name!r} may not {action} {target.kind}{whose}")


@dataclass(frozen=True)
class Scope:
    """What of a kind an actor may list, as data a repository turns into a filter (the same rules as can)."""

    everything: bool
    own_nation: str | None = None


def read_scope(actor: Actor, kind: str) -> Scope:
    if can(actor, READ, Target(kind, nation=None, released=False)):
        return Scope(everything=True)
    own = actor.nation if actor.role == "nation" and can(actor, READ, Target(kind, actor.nation)) else None
    return Scope(everything=False, own_nation=own)
