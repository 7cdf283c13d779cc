"""The offer catalog."""

from __future__ import annotations

from fastapi import APIRouter

from ramstein.api.deps import PageDep, SessionDep
from ramstein.api.schemas import Paginated
from ramstein.catalog.repository import list_offers
from ramstein.catalog.schemas import OfferRead

router = APIRouter(tags=["offers"])


@router.get("/offers", response_model=Paginated[OfferRead])
def get_offers(session: SessionDep, page: PageDep, category: str | None = None) -> Paginated[OfferRead]:
    rows, total = list_offers(session, category=category, limit=page.limit, offset=page.offset)
    return Paginated[OfferRead](items=[OfferRead.model_validate(o) for o in rows], total=total)
