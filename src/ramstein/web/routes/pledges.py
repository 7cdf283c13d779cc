"""Pledges by nation and over time, filterable by confidence, status, nation and dates."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from ramstein.api.deps import SessionDep
from ramstein.auth.policy import CREATE, Target, can
from ramstein.states import CONFIDENCES, PLEDGE_STATUSES
from ramstein.web.render import page
from ramstein.web.session import WebActor
from ramstein.web.views.pledges import PledgeFilter, pledge_page

router = APIRouter(include_in_schema=False)


@router.get("/pledges")
def pledges(request: Request, actor: WebActor, session: SessionDep, nation: str = "", status: str = "",
            confidence: Annotated[list[str] | None, Query()] = None, since: str = "", until: str = "") -> Response:
    view = pledge_page(session, actor, PledgeFilter.parse(nation, status, confidence, since, until))
    return page(request, actor, "pledges/index.html", view=view, confidences=CONFIDENCES,
                statuses=PLEDGE_STATUSES, may_record=can(actor, CREATE, Target("pledge", actor.nation)))
