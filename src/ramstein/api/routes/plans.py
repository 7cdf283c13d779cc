"""Plans: coordinators run the engine on the ledger, compare plans and adopt one; auditors read them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from ramstein.api.deps import ActorDep, AuthorizationDep, IdempotencyKeyDep, IdPath, PageDep, SessionDep
from ramstein.api.idempotency import run_write
from ramstein.api.schemas import ERROR_RESPONSES, Paginated
from ramstein.auth.actor import Actor
from ramstein.auth.policy import READ, Target, require
from ramstein.planning.compare import compare_plans
from ramstein.planning.repository import get_plan, list_plans
from ramstein.planning.service import adopt_plan, run_plan
from ramstein.schemas import Exact

router = APIRouter(tags=["plans"], responses=ERROR_RESPONSES)


class PlanRun(BaseModel):
    model_config = ConfigDict(extra="forbid")
    scenario: dict[str, Any] | None = Field(default=None, description="a CHANGES document (docs/allocation.md)")
    horizon: int = Field(default=48, ge=1, le=240)
    time_limit: float = Field(default=60.0, gt=0, le=600)


class PlanSummary(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    status: str
    objective: float
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
def get_plans(session: SessionDep, actor: ActorDep, page: PageDep) -> Paginated[PlanSummary]:
    require(actor, READ, Target("plan"))
    rows, total = list_plans(session, limit=page.limit, offset=page.offset)
    return Paginated[PlanSummary](items=[PlanSummary.model_validate(p) for p in rows], total=total)


@router.get("/plans/compare")
def get_comparison(base: int, other: int, session: SessionDep, actor: ActorDep) -> dict[str, Any]:
    """Value, cost, fulfilment by category and changed lines of two stored plans."""
    require(actor, READ, Target("plan"))
    a, b = get_plan(session, base), get_plan(session, other)
    return compare_plans({"id": a.id, "instance": a.instance, "result": a.result},
                         {"id": b.id, "instance": b.instance, "result": b.result})


@router.get("/plans/{plan_id}", response_model=PlanRead)
def get_one(plan_id: IdPath, session: SessionDep, actor: ActorDep) -> PlanRead:
    require(actor, READ, Target("plan"))
    return PlanRead.model_validate(get_plan(session, plan_id))


@router.post("/plans", status_code=201, response_model=PlanSummary)
async def create(body: PlanRun, request: Request, key: IdempotencyKeyDep = None,
                 authorization: AuthorizationDep = None) -> JSONResponse:
    """Allocate the ledger's confirmed money to the current list (optionally under a what-if) and store it."""
    from ramstein.allocation import SolveOptions

    def write(session: Session, actor: Actor) -> PlanSummary:
        return PlanSummary.model_validate(run_plan(session, actor, body.scenario, horizon=body.horizon,
                                                   options=SolveOptions(time_limit=body.time_limit)))
    return await run_write(request, authorization, key, body, write)


@router.post("/plans/{plan_id}/adopt", response_model=PlanSummary)
async def adopt(plan_id: IdPath, request: Request, key: IdempotencyKeyDep = None,
                authorization: AuthorizationDep = None) -> JSONResponse:
    return await run_write(request, authorization, key, None,
                     lambda session, actor: PlanSummary.model_validate(adopt_plan(session, actor, plan_id)), 200)
