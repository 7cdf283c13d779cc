"""Who is acting: every service call carries an Actor so the event log can say who did what."""

from __future__ import annotations

from dataclasses import dataclass

ROLES = ("coordinator", "nation", "ukraine", "auditor", "public", "system")


@dataclass(frozen=True)
class Actor:
    name: str
    role: str
    nation: str | None = None

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise ValueError(f"unknown role {self.role!r}")


# loads the bundled reference data and migrations; never a person
SYSTEM = Actor("system", "system")
