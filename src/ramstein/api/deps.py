"""Request dependencies: a unit of work per request, and pagination."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Query, Request
from pydantic import BaseModel
from sqlalchemy.orm import Session

from ramstein.db.uow import UnitOfWork


def get_uow(request: Request) -> Iterator[UnitOfWork]:
    with UnitOfWork(request.app.state.sessions) as uow:
        yield uow


def get_session(uow: Annotated[UnitOfWork, Depends(get_uow)]) -> Session:
    return uow.session


class Page(BaseModel):
    limit: int
    offset: int


def get_page(limit: Annotated[int, Query(ge=1, le=1000)] = 100,
             offset: Annotated[int, Query(ge=0)] = 0) -> Page:
    return Page(limit=limit, offset=offset)


SessionDep = Annotated[Session, Depends(get_session)]
PageDep = Annotated[Page, Depends(get_page)]
