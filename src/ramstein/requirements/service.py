"""Ukraine's list: every change makes a new version, so plans keep pointing at what they used."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ramstein.audit.log import jsonable, record
from ramstein.auth.actor import Actor
from ramstein.auth.policy import CREATE, Target, require
from ramstein.errors import ValidationError
from ramstein.models import RequirementLine, RequirementList
from ramstein.requirements.repository import get_current_list, list_lines
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


def change_line(session: Session, actor: Actor, line: RequirementLineIn) -> RequirementList:
    """Add or replace one line: a new version holding the old lines with this one changed."""
    current = get_current_list(session)
    lines: list[RequirementLineIn] = []
    if current is not None:
        old, _ = list_lines(session, current.id)
        lines = [RequirementLineIn.model_validate(_line_dict(x)) for x in old if x.ref != line.ref]
    return publish_list(session, actor, [*lines, line], note=f"changed {line.ref}")
