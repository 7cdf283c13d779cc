"""The triple-win report: public mode (released figures only) unless the actor may read everything."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from sqlalchemy.orm import Session

from ramstein.api.deps import AuthorizationDep, run_read
from ramstein.api.schemas import ERROR_RESPONSES
from ramstein.auth.actor import Actor
from ramstein.reports.service import triple_win_report
from ramstein.reports.triple_win import to_jsonable

router = APIRouter(tags=["reports"], responses=ERROR_RESPONSES)


@router.get("/reports/triple-win")
async def get_triple_win(
    request: Request,
    confidence: Annotated[list[str] | None, Query(description="confidence levels to sum; default official, reported")]
    = None,
    status: Annotated[list[str] | None, Query(description="pledge statuses counted; default every commitment "
                                                    "(announced, confirmed, committed, disbursed)")] = None,
    base: Annotated[str, Query(description="fair-share base: nato-ex-us, contributors or all")] = "nato-ex-us",
    as_of: dt.date | None = None,
    authorization: AuthorizationDep = None,
) -> dict[str, Any]:
    """Ukraine's list funded/ordered/delivered, allies against fair share, dollars by supplier and region."""
    def read(session: Session, actor: Actor) -> dict[str, Any]:
        report = triple_win_report(session, actor, confidences=confidence, statuses=status, as_of=as_of, base=base)
        return to_jsonable(report)  # type: ignore[no-any-return]
    return await run_read(request, authorization, read)
