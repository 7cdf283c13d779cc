"""The list of nations, and a page per nation with its figures and pledges."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from ramstein.api.deps import SessionDep
from ramstein.auth.policy import CREATE, Target, can
from ramstein.states import CONFIDENCES
from ramstein.web.render import page
from ramstein.web.session import WebActor
from ramstein.web.views.nations import all_nations, nation_page
from ramstein.web.views.pledges import PledgeFilter

router = APIRouter(include_in_schema=False)


@router.get("/nations")
def nations(request: Request, actor: WebActor, session: SessionDep) -> Response:
    return page(request, actor, "nations/index.html", nations=all_nations(session))


@router.get("/nations/{iso3}")
def nation(request: Request, actor: WebActor, session: SessionDep, iso3: str,
           confidence: Annotated[list[str] | None, Query()] = None) -> Response:
    view = nation_page(session, actor, iso3, PledgeFilter.parse(confidence=confidence))
    return page(request, actor, "nations/show.html", view=view, confidences=CONFIDENCES,
                may_record=can(actor, CREATE, Target("pledge", view.nation.iso3)))
