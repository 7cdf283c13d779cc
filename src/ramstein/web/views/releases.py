"""What a coordinator could release next: pledges not yet released (a page of them, filtered and sorted,
and how many match) and the requirement list version still unreleased."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from ramstein.auth.actor import Actor
from ramstein.models import RequirementList
from ramstein.pledges.listing import page_pledges, pledge_ids
from ramstein.requirements.service import visible_list
from ramstein.web.paging import Paging
from ramstein.web.views.pledges import PledgeFilter, PledgeRow, pledge_row


@dataclass(frozen=True)
class Unreleased:
    filter: PledgeFilter
    pledges: list[PledgeRow]  # this page's
    paging: Paging
    requirement_list: RequirementList | None


def unreleased(session: Session, actor: Actor, flt: PledgeFilter, paging: Paging) -> Unreleased:
    query = flt.query(unreleased=True)
    found, total = page_pledges(session, actor, query, sort=paging.sort, limit=paging.per_page, offset=paging.offset)
    asked, paging = paging.offset, paging.counted(total)
    if paging.offset != asked:  # a page past the end shows the last one
        found, total = page_pledges(session, actor, query, sort=paging.sort, limit=paging.per_page,
                                    offset=paging.offset)
    current = visible_list(session, actor)
    return Unreleased(flt, [pledge_row(actor, p) for p in found], paging,
                      current if current is not None and current.released_at is None else None)


def matching_ids(session: Session, actor: Actor, flt: PledgeFilter) -> list[int]:
    """Every unreleased pledge the filter matches: what 'release all matching' releases."""
    return pledge_ids(session, actor, flt.query(unreleased=True))
