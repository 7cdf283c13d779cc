"""Plans for those who may read them: the plan in force and another beside it; coordinators run and adopt."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import RedirectResponse, Response

from ramstein.api.deps import SessionDep, UowDep
from ramstein.auth.policy import CREATE, UPDATE, Target, can
from ramstein.planning.service import adopt_plan, run_plan
from ramstein.web.render import page
from ramstein.web.session import Csrf, WebActor
from ramstein.web.views.plans import plans_page

router = APIRouter(include_in_schema=False)


@router.get("/plans")
def plans(request: Request, actor: WebActor, session: SessionDep, compare: int | None = None) -> Response:
    return page(request, actor, "plans/index.html", view=plans_page(session, actor, compare),
                may_run=can(actor, CREATE, Target("plan")), may_adopt=can(actor, UPDATE, Target("plan")))


@router.post("/plans", dependencies=[Csrf])
def run(request: Request, actor: WebActor, uow: UowDep) -> Response:
    plan = run_plan(uow.session, actor)
    uow.commit()
    return RedirectResponse(f"/plans?compare={plan.id}", status_code=303)


@router.post("/plans/{plan_id}/adopt", dependencies=[Csrf])
def adopt(request: Request, actor: WebActor, uow: UowDep, plan_id: int) -> Response:
    adopt_plan(uow.session, actor, plan_id)
    uow.commit()
    return RedirectResponse("/plans", status_code=303)
