"""Ukraine's list: every change makes a new version, so plans keep pointing at what they used."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ramstein.audit.log import jsonable, record
from ramstein.auth.actor import Actor
from ramstein.auth.policy import CREATE, READ, Target, can, require
from ramstein.concurrency import check_version
from ramstein.errors import NotFound, ValidationError
from ramstein.models import RequirementLine, RequirementList
from ramstein.requirements.repository import get_current_list, get_latest_released, list_lines
from ramstein.requirements.schemas import RequirementLineIn


def _line_dict(line: RequirementLineIn | RequirementLine) -> dict[str, object]:
    return jsonable({k: getattr(line, k) for k in RequirementLineIn.model_fields})


def publish_list(session: Session, actor: Actor, lines: list[RequirementLineIn],
                 note: str = "") -> RequirementList:
    """Store `lines` as the next version of the list (the whole list, replacing the previous one)."""
    require(actor, CREATE, Target("requirement"))
    refs = [line.ref for line in lines]
    duplicates = sorted({r for r in refs if refs.count(r) > 1})
    if duplicates:
        raise ValidationError(f"line refs must be unique; repeated: {', '.join(duplicates)}", field="ref")
    current = get_current_list(session)
    before = None
    if current is not None:
        old, _ = list_lines(session, current.id)
        before = {"version": current.version, "lines": [_line_dict(x) for x in old]}
    new = RequirementList(version=(current.version + 1) if current else 1, created_by=actor.name, note=note)
    session.add(new)
    session.flush()
    session.add_all(RequirementLine(list_id=new.id, **line.model_dump()) for line in lines)
    session.flush()
    after = {"version": new.version, "note": note, "lines": [_line_dict(x) for x in lines]}
    record(session, actor, "published", "requirement_list", new.version, before, after)
    return new


def _current_lines(session: Session, expected_version: int | None) -> list[RequirementLineIn]:
    current = get_current_list(session)
    check_version("requirement list", current.version if current else 0, expected_version)
    if current is None:
        return []
    old, _ = list_lines(session, current.id)
    return [RequirementLineIn.model_validate(_line_dict(x)) for x in old]


def replace_list(session: Session, actor: Actor, lines: list[RequirementLineIn], note: str,
                 expected_version: int | None) -> RequirementList:
    require(actor, CREATE, Target("requirement"))
    _current_lines(session, expected_version)
    return publish_list(session, actor, lines, note)


def change_line(session: Session, actor: Actor, line: RequirementLineIn,
                expected_version: int | None = None) -> RequirementList:
    """Add or replace one line: a new version holding the old lines with this one changed."""
    require(actor, CREATE, Target("requirement"))
    lines = [x for x in _current_lines(session, expected_version) if x.ref != line.ref]
    return publish_list(session, actor, [*lines, line], note=f"changed {line.ref}")


def remove_line(session: Session, actor: Actor, ref: str, expected_version: int | None) -> RequirementList:
    require(actor, CREATE, Target("requirement"))
    lines = _current_lines(session, expected_version)
    if not any(x.ref == ref for x in lines):
        raise NotFound(f"no line {ref!r} in the current list", field="ref")
    return publish_list(session, actor, [x for x in lines if x.ref != ref], note=f"removed {ref}")


def visible_list(session: Session, actor: Actor) -> RequirementList | None:
    """The current version for those who may see unreleased work; else the latest released one."""
    if can(actor, READ, Target("requirement", released=False)):
        return get_current_list(session)
    return get_latest_released(session)
