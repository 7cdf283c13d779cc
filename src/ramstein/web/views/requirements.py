"""Read model for Ukraine's list: the version this actor may see, its lines, and its fulfilment.

Fulfilment comes from the triple-win report (reports/), which decides what is public: funded shares
need a plan (internal), ordered and delivered shares need released packages.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from ramstein.auth.actor import Actor
from ramstein.models import RequirementLine, RequirementList
from ramstein.reports.service import triple_win_report
from ramstein.requirements.repository import list_lines
from ramstein.requirements.service import visible_list
from ramstein.web.charts import Chart
from ramstein.web.views.overview import fulfilment_chart


@dataclass(frozen=True)
class RequirementsPage:
    version: RequirementList | None
    lines: list[RequirementLine]
    by_category: Chart
    by_priority: Chart
    report_version: int | None


def requirements_page(session: Session, actor: Actor, category: str | None) -> RequirementsPage:
    current = visible_list(session, actor)
    lines = list_lines(session, current.id, category=category or None)[0] if current else []
    report = triple_win_report(session, actor)
    levels, ukraine = list(report["confidence"]), report["ukraine"]
    return RequirementsPage(current, lines, fulfilment_chart(ukraine, "category", levels, "by-category"),
                            fulfilment_chart(ukraine, "priority", levels, "by-priority"),
                            ukraine["requirement_version"])
