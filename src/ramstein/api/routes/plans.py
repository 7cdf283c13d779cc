"""Plans: coordinators run the engine on the ledger, compare plans and adopt one; auditors read them."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from ramstein.allocation.scenario import check_changes
from ramstein.api.deps import MAX_ID, AuthorizationDep, IdempotencyKeyDep, IdPath, PageDep, run_read, run_solve
from ramstein.api.idempotency import replay_if_stored, run_write
from ramstein.api.schemas import ERROR_RESPONSES, Paginated
from ramstein.auth.actor import Actor
from ramstein.auth.policy import READ, Target, require
from ramstein.planning.compare import compare_plans
from ramstein.planning.repository import get_plan, list_plans
from ramstein.planning.service import SolvedPlan, WhatIf, adopt_plan, solve_plan, solve_whatif, store_plan, store_whatif
from ramstein.schemas import Exact

router = APIRouter(tags=["plans"], responses=ERROR_RESPONSES)


def _checked(scenario: dict[str, Any]) -> dict[str, Any]:
    check_changes(scenario)  # raises the domain's ValidationError: 422 naming the limit
    return scenario


# refused as the body is read, before anything (the idempotency key's fingerprint, the engine) walks it
Scenario = Annotated[dict[str, Any], AfterValidator(_checked)]


class PlanRun(BaseModel):
    model_config = ConfigDict(extra="forbid")
    scenario: Scenario | None = Field(default=None, description="a CHANGES document (docs/allocation.md)")
    horizon: int = Field(default=48, ge=1, le=240)
    time_limit: float = Field(default=60.0, gt=0, le=600)


class PlanSummary(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    status: str
    objective: float
    gap: float | None = Field(default=None, description="relative gap to the best bound proven; None without a bound")
    total_cost: Exact
    requirement_version: int | None
    scenario: dict[str, Any] | None
    created_by: str
    created_at: dt.datetime
    adopted_at: dt.datetime | None
    adopted_by: str | None


class PlanRead(PlanSummary):
    result: dict[str, Any]
    instance: dict[str, Any]


@router.get("/plans", response_model=Paginated[PlanSummary])
async def get_plans(request: Request, page: PageDep, authorization: AuthorizationDep = None) -> Paginated[PlanSummary]:
    def read(session: Session, actor: Actor) -> Paginated[PlanSummary]:
        require(actor, READ, Target("plan"))
        rows, total = list_plans(session, limit=page.limit, offset=page.offset)
        return Paginated[PlanSummary](items=[PlanSummary.model_validate(p) for p in rows], total=total)
    return await run_read(request, authorization, read)


IdQuery = Annotated[int, Query(ge=1, le=MAX_ID)]


@router.get("/plans/compare")
async def get_comparison(base: IdQuery, other: IdQuery, request: Request,
                         authorization: AuthorizationDep = None) -> dict[str, Any]:
    """Value, cost, fulfilment by category and changed lines of two stored plans."""
    def read(session: Session, actor: Actor) -> dict[str, Any]:
        require(actor, READ, Target("plan"))
        a, b = get_plan(session, base), get_plan(session, other)
        return compare_plans({"id": a.id, "instance": a.instance, "result": a.result},
                             {"id": b.id, "instance": b.instance, "result": b.result})
    return await run_read(request, authorization, read)


@router.get("/plans/{plan_id}", response_model=PlanRead)
async def get_one(plan_id: IdPath, request: Request, authorization: AuthorizationDep = None) -> PlanRead:
    def read(session: Session, actor: Actor) -> PlanRead:
        require(actor, READ, Target("plan"))
        return PlanRead.model_validate(get_plan(session, plan_id))
    return await run_read(request, authorization, read)


class WhatIfRun(BaseModel):
    model_config = ConfigDict(extra="forbid")
    scenario: Scenario = Field(description="a CHANGES document (docs/allocation.md)")
    time_limit: float = Field(default=60.0, gt=0, le=600)


class WhatIfResult(BaseModel):
    base: PlanSummary
    other: PlanSummary
    comparison: dict[str, Any]


@router.post("/plans", status_code=201, response_model=PlanSummary)
async def create(body: PlanRun, request: Request, key: IdempotencyKeyDep = None,
                 authorization: AuthorizationDep = None) -> JSONResponse:
    """Allocate the ledger's confirmed money to the current list (optionally under a what-if) and store it.

    The solve runs on the ledger as read, outside the write transaction: other writes do not wait for it;
    and on the solver threads (api/deps.run_solve): reads do not wait for it either.
    """
    from ramstein.allocation import SolveOptions

    def solve(session: Session, actor: Actor) -> JSONResponse | SolvedPlan:
        return replay_if_stored(request, session, actor, key, body) or solve_plan(
            session, actor, body.scenario, horizon=body.horizon, options=SolveOptions(time_limit=body.time_limit))
    solved = await run_solve(request, authorization, solve)
    if isinstance(solved, JSONResponse):  # a retry of a plan already stored
        return solved
    return await run_write(request, authorization, key, body,
                           lambda writing, who: PlanSummary.model_validate(store_plan(writing, who, solved)))


@router.post("/plans/what-if", status_code=201, response_model=WhatIfResult)
async def what_if(body: WhatIfRun, request: Request, key: IdempotencyKeyDep = None,
                  authorization: AuthorizationDep = None) -> JSONResponse:
    """Run a scenario beside its base and compare them: the base is the plan in force when it was run
    without a scenario on the ledger as it is now, otherwise the unchanged ledger solved afresh."""
    from ramstein.allocation import SolveOptions

    def solve(session: Session, actor: Actor) -> JSONResponse | WhatIf:
        return replay_if_stored(request, session, actor, key, body) or solve_whatif(
            session, actor, body.scenario, SolveOptions(time_limit=body.time_limit))
    solved = await run_solve(request, authorization, solve)
    if isinstance(solved, JSONResponse):  # a retry of a what-if already stored
        return solved

    def write(writing: Session, who: Actor) -> WhatIfResult:
        base, other = store_whatif(writing, who, solved)
        comparison = compare_plans({"id": base.id, "instance": base.instance, "result": base.result},
                                   {"id": other.id, "instance": other.instance, "result": other.result})
        return WhatIfResult(base=PlanSummary.model_validate(base), other=PlanSummary.model_validate(other),
                            comparison=comparison)
    return await run_write(request, authorization, key, body, write)


@router.post("/plans/{plan_id}/adopt", response_model=PlanSummary)
async def adopt(plan_id: IdPath, request: Request, key: IdempotencyKeyDep = None,
                authorization: AuthorizationDep = None) -> JSONResponse:
    return await run_write(request, authorization, key, None,
                           lambda session, actor: PlanSummary.model_validate(adopt_plan(session, actor, plan_id)),
                           200)
