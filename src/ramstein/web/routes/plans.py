"""Plans for those who may read them: the plan in force and another beside it; coordinators run, try a
what-if and adopt."""

from __future__ import annotations

from fastapi import APIRouter, Request
from sqlalchemy.orm import Session
from starlette.datastructures import FormData
from starlette.responses import RedirectResponse, Response

from ramstein.allocation import SolveOptions
from ramstein.api.deps import SessionDep, UowDep, on_solver_threads
from ramstein.auth.actor import Actor
from ramstein.auth.policy import CREATE, UPDATE, Target, can, require
from ramstein.planning.service import adopt_plan, solve_plan, solve_whatif, store_plan, store_whatif
from ramstein.web.forms import FormErrors, attempt, scenario_error_field, scenario_from_form
from ramstein.web.render import page
from ramstein.web.session import Csrf, FormDep, WebActor
from ramstein.web.views.plans import WHATIF_TIME_LIMIT, plans_page

router = APIRouter(include_in_schema=False)
WHATIF_BLANK = {"pool_from": "0"}


def show(request: Request, actor: Actor, session: Session, compare: int | None = None, base: int | None = None,
         status_code: int = 200, values: dict[str, object] | None = None,
         errors: FormErrors | None = None) -> Response:
    return page(request, actor, "plans/index.html", status_code, view=plans_page(session, actor, compare, base),
                may_run=can(actor, CREATE, Target("plan")), may_adopt=can(actor, UPDATE, Target("plan")),
                values=values or WHATIF_BLANK, errors=errors or {}, whatif_seconds=int(WHATIF_TIME_LIMIT))


@router.get("/plans")
def plans(request: Request, actor: WebActor, session: SessionDep, compare: int | None = None,
          base: int | None = None) -> Response:
    return show(request, actor, session, compare, base)


@router.post("/plans", dependencies=[Csrf])
async def run(request: Request, actor: WebActor, session: SessionDep) -> Response:
    # on the solver threads (reads keep the request threads), solved on the reading session; only storing
    # the plan waits for the writer
    def work() -> Response:
        solved = solve_plan(session, actor, options=SolveOptions(time_limit=WHATIF_TIME_LIMIT))
        plan_id = request.app.state.writes.run(lambda writing: store_plan(writing, actor, solved).id)
        return RedirectResponse(f"/plans?compare={plan_id}", status_code=303)
    return await on_solver_threads(request, work)


@router.post("/plans/what-if", dependencies=[Csrf])
async def what_if(request: Request, form: FormDep, actor: WebActor, session: SessionDep) -> Response:
    """Build the CHANGES document from the form, run it beside a base plan, and show the two compared
    (on the solver threads: reads keep the request threads)."""
    return await on_solver_threads(request, lambda: _what_if(request, form, actor, session))


def _what_if(request: Request, form: FormData, actor: Actor, session: Session) -> Response:
    require(actor, CREATE, Target("plan"))
    view = plans_page(session, actor, None)
    scenario, fields, errors = scenario_from_form(form, set(view.nations), {ref for ref, _ in view.offers})
    options = SolveOptions(time_limit=WHATIF_TIME_LIMIT)
    solved, errors = attempt(lambda: solve_whatif(session, actor, scenario, options)) if scenario else (None, errors)
    if not solved:
        return show(request, actor, session, status_code=errors.status, values=dict(form),
                    errors=scenario_error_field(errors, fields))
    base, other = request.app.state.writes.run(
        lambda writing: tuple(plan.id for plan in store_whatif(writing, actor, solved)))
    return RedirectResponse(f"/plans?base={base}&compare={other}", status_code=303)


@router.post("/plans/{plan_id}/adopt", dependencies=[Csrf])
def adopt(request: Request, actor: WebActor, uow: UowDep, plan_id: int) -> Response:
    adopt_plan(uow.session, actor, plan_id)
    uow.commit()
    return RedirectResponse("/plans", status_code=303)
