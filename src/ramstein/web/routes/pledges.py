"""Pledges by nation and over time, filterable by confidence, status, nation and dates."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from ramstein.api.deps import SessionDep
from ramstein.auth.policy import CREATE, Target, can
from ramstein.states import CONFIDENCES, PLEDGE_STATUSES
from ramstein.web.paging import Links, Paging
from ramstein.web.render import page
from ramstein.web.session import WebActor
from ramstein.web.views.pledges import PLEDGE_SORTS, PledgeFilter, pledge_page

router = APIRouter(include_in_schema=False)


@router.get("/pledges")
def pledges(request: Request, actor: WebActor, session: SessionDep, nation: str = "", status: str = "",
            confidence: Annotated[list[str] | None, Query()] = None, since: str = "", until: str = "",
            sort: str = "", per_page: str = "", page_number: Annotated[str, Query(alias="page")] = "") -> Response:
    paging = Paging.parse(page_number, per_page, sort, PLEDGE_SORTS, "-date")
    view = pledge_page(session, actor, PledgeFilter.parse(nation, status, confidence, since, until), paging)
    links = Links.of("/pledges", request.query_params.multi_items(), view.paging)
    return page(request, actor, "pledges/index.html", view=view, links=links, confidences=CONFIDENCES,
                statuses=PLEDGE_STATUSES, may_record=can(actor, CREATE, Target("pledge", actor.nation)))
