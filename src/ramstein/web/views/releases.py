"""What a coordinator could release next: pledges and the requirement list version still unreleased."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from ramstein.auth.actor import Actor
from ramstein.models import Pledge, RequirementList
from ramstein.pledges.repository import list_pledges
from ramstein.requirements.service import visible_list


@dataclass(frozen=True)
class Unreleased:
    pledges: list[Pledge]
    requirement_list: RequirementList | None


def unreleased(session: Session, actor: Actor) -> Unreleased:
    pledges = [p for p in list_pledges(session, actor)[0] if p.released_at is None]
    current = visible_list(session, actor)
    return Unreleased(pledges, current if current is not None and current.released_at is None else None)
