"""Who is acting: every service call carries an Actor so the event log can say who did what."""

from __future__ import annotations

from dataclasses import dataclass

# operator: whoever holds the database itself (the CLI); system: the reference-data loader
ROLES = ("coordinator", "nation", "ukraine", "auditor", "public", "operator", "system")
USER_ROLES = ("coordinator", "nation", "ukraine", "auditor")


@dataclass(frozen=True)
class Actor:
    name: str
    role: str
    nation: str | None = None

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise ValueError(f"unknown role {self.role!r}")
        if (self.role == "nation") != (self.nation is not None):
            raise ValueError("a nation actor needs its nation, and only a nation actor has one")


# loads the bundled reference data and migrations; never a person
SYSTEM = Actor("system", "system")
PUBLIC = Actor("public", "public")
