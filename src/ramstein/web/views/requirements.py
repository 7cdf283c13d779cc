"""Read model for Ukraine's list: the version this actor may see, its lines, and lines by category."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy.orm import Session

from ramstein.auth.actor import Actor
from ramstein.models import RequirementLine, RequirementList
from ramstein.requirements.repository import list_lines
from ramstein.requirements.service import visible_list
from ramstein.web.charts import Chart, Series

PRIORITY_BANDS = (("priority 1", 1, 1), ("priority 2", 2, 2), ("priority 3+", 3, 10**6))


@dataclass(frozen=True)
class RequirementsPage:
    version: RequirementList | None
    lines: list[RequirementLine]
    by_category: Chart


def lines_chart(lines: list[RequirementLine]) -> Chart:
    """How many lines each category has, by urgency: where the list's weight lies."""
    categories = sorted({x.category for x in lines})
    counts = Counter((x.category, name) for x in lines for name, lo, hi in PRIORITY_BANDS if lo <= x.priority <= hi)
    return Chart("lines-by-category", "Requirement lines by capability category and priority", "stacked",
                 categories, [Series(name, [counts[(c, name)] for c in categories]) for name, _, _ in PRIORITY_BANDS],
                 "lines", (), in_millions=False, label_name="Category",
                 note="Counts of lines; quantities and need-by months are in the table.")


def requirements_page(session: Session, actor: Actor, category: str | None) -> RequirementsPage:
    current = visible_list(session, actor)
    lines = list_lines(session, current.id, category=category or None)[0] if current else []
    return RequirementsPage(current, lines, lines_chart(lines))
