"""Nations with their dated GDP and defence-spending figures and sources."""

from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict
from sqlalchemy.orm import Session

from ramstein.api.deps import PageDep, run_read
from ramstein.api.schemas import Paginated
from ramstein.auth.actor import Actor
from ramstein.nations.repository import list_nations
from ramstein.schemas import Exact, SourceRead

router = APIRouter(tags=["nations"])


class FigureRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    year: int
    measure: str
    value: Exact
    basis: str
    source: SourceRead


class NationRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    iso3: str
    name: str
    nato: bool
    eu: bool
    currency: str
    note: str
    figures: list[FigureRead]


@router.get("/nations", response_model=Paginated[NationRead])
async def get_nations(request: Request, page: PageDep) -> Paginated[NationRead]:
    def read(session: Session, _: Actor) -> Paginated[NationRead]:  # public: no token is looked at
        rows, total = list_nations(session, limit=page.limit, offset=page.offset)
        return Paginated[NationRead](items=[NationRead.model_validate(n) for n in rows], total=total)
    return await run_read(request, None, read)
