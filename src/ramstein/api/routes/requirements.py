"""The current version of Ukraine's requirement list."""

from __future__ import annotations

from fastapi import APIRouter

from ramstein.api.deps import PageDep, SessionDep
from ramstein.api.schemas import Paginated
from ramstein.requirements.repository import get_current_list, list_lines
from ramstein.requirements.schemas import RequirementLineRead
from ramstein.requirements.weights import effective_weight

router = APIRouter(tags=["requirements"])


@router.get("/requirements", response_model=Paginated[RequirementLineRead])
def get_requirements(session: SessionDep, page: PageDep,
                     category: str | None = None) -> Paginated[RequirementLineRead]:
    current = get_current_list(session)
    if current is None:
        return Paginated[RequirementLineRead](items=[], total=0)
    lines, total = list_lines(session, current.id, category=category, limit=page.limit, offset=page.offset)
    items = [RequirementLineRead(
        ref=x.ref, item=x.item, category=x.category, quantity=x.quantity, priority=x.priority, weight=x.weight,
        effective_weight=effective_weight(x.priority, x.weight), need_by=x.need_by.strftime("%Y-%m"),
        illustrative=x.illustrative, note=x.note, version=current.version) for x in lines]
    return Paginated[RequirementLineRead](items=items, total=total)
