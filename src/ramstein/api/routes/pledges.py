"""Pledges as the public sees them (undisclosed amounts redacted), filterable."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import APIRouter, Query

from ramstein.api.deps import PageDep, SessionDep
from ramstein.api.schemas import Paginated
from ramstein.pledges.repository import list_pledges
from ramstein.pledges.schemas import PledgePublic

router = APIRouter(tags=["pledges"])
Confidence = Literal["official", "reported", "unconfirmed"]
Status = Literal["announced", "confirmed", "committed", "disbursed", "withdrawn"]


@router.get("/pledges", response_model=Paginated[PledgePublic])
def get_pledges(
    session: SessionDep, page: PageDep,
    nation: Annotated[str | None, Query(min_length=3, max_length=3)] = None,
    status: Status | None = None,
    confidence: Annotated[list[Confidence] | None, Query()] = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> Paginated[PledgePublic]:
    rows, total = list_pledges(session, nation=nation, status=status, confidence=confidence, since=since,
                               until=until, limit=page.limit, offset=page.offset)
    return Paginated[PledgePublic](items=[PledgePublic.of(p) for p in rows], total=total)
