"""A nation records and corrects its own pledges and moves them along their lifecycle.

The same services as the API do the work (and ask auth.policy); a refused input is shown beside
its field with the service's own message, and the form keeps what the user typed.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from starlette.responses import RedirectResponse, Response

from ramstein.api.deps import SessionDep, UowDep
from ramstein.auth.policy import CREATE, Target, require
from ramstein.pledges.schemas import PledgeCreate, PledgeUpdate
from ramstein.pledges.service import get_pledge, record_pledge, transition_pledge, update_pledge
from ramstein.states import CONFIDENCES, PLEDGE_MOVES, PLEDGE_STATUSES
from ramstein.web.forms import attempt, form_values, pledge_fields
from ramstein.web.render import page
from ramstein.web.session import Csrf, FormDep, WebActor
from ramstein.web.views.pledges import pledge_row

router = APIRouter(include_in_schema=False)
BLANK = {"currency": "EUR", "confidence": "official", "status": "announced", "disclosed": "true"}


def form_page(request: Request, actor, template: str, status_code: int = 200, **context) -> Response:  # type: ignore[no-untyped-def]
    return page(request, actor, template, status_code=status_code, confidences=CONFIDENCES,
                statuses=PLEDGE_STATUSES, **context)


@router.get("/pledges/new")
def new_pledge(request: Request, actor: WebActor) -> Response:
    require(actor, CREATE, Target("pledge", actor.nation))
    return form_page(request, actor, "pledges/new.html", values=BLANK, errors={})


@router.post("/pledges/new", dependencies=[Csrf])
def create_pledge(request: Request, form: FormDep, actor: WebActor, uow: UowDep) -> Response:
    data, errors = attempt(lambda: PledgeCreate.model_validate(
        {**pledge_fields(form), "nation": actor.nation or "", "status": form.get("status") or "announced"}))
    stored, errors = attempt(lambda: record_pledge(uow.session, actor, data)) if data else (None, errors)
    if not stored:
        uow.session.rollback()
        return form_page(request, actor, "pledges/new.html", errors.status, values=form_values(form), errors=errors)
    uow.commit()
    return RedirectResponse(f"/pledges/{stored[0].id}?saved=recorded", status_code=303)


def pledge_values(row) -> dict[str, object]:  # type: ignore[no-untyped-def]
    p = row.full
    return {"date": p.date, "amount": p.amount if p.amount is not None else "", "currency": p.currency,
            "confidence": p.confidence, "disclosed": "true" if p.disclosed else "false",
            "categories": ";".join(p.categories or []), "package": p.package_ref or "", "note": p.note,
            "sources": [{"title": s.title, "url": s.url} for s in p.sources],
            "version": p.version}


def show(request: Request, actor, session, pledge_id: int, status_code: int = 200, **extra) -> Response:  # type: ignore[no-untyped-def]
    row = pledge_row(actor, get_pledge(session, actor, pledge_id))
    context = {"values": pledge_values(row) if row.full else {}, "errors": {}, **extra}
    moves = sorted(PLEDGE_MOVES[row.public.status])
    return form_page(request, actor, "pledges/show.html", status_code, row=row, moves=moves,
                     saved=request.query_params.get("saved"), **context)


@router.get("/pledges/{pledge_id}")
def pledge_detail(request: Request, actor: WebActor, session: SessionDep, pledge_id: int) -> Response:
    return show(request, actor, session, pledge_id)


@router.post("/pledges/{pledge_id}", dependencies=[Csrf])
def edit_pledge(request: Request, form: FormDep, actor: WebActor, uow: UowDep, pledge_id: int) -> Response:
    data, errors = attempt(lambda: PledgeUpdate.model_validate(pledge_fields(form)))
    version = int(str(form.get("version") or 0)) or None
    done, errors = attempt(lambda: update_pledge(uow.session, actor, pledge_id, data, version)) if data \
        else (None, errors)
    if not done:
        uow.session.rollback()
        return show(request, actor, uow.session, pledge_id, errors.status, values=form_values(form), errors=errors)
    uow.commit()
    return RedirectResponse(f"/pledges/{pledge_id}?saved=updated", status_code=303)


@router.post("/pledges/{pledge_id}/status", dependencies=[Csrf])
def move_pledge(request: Request, actor: WebActor, uow: UowDep, pledge_id: int,
                status: Annotated[str, Form()], version: Annotated[int | None, Form()] = None) -> Response:
    done, errors = attempt(lambda: transition_pledge(uow.session, actor, pledge_id, status, version))
    if not done:
        uow.session.rollback()
        return show(request, actor, uow.session, pledge_id, errors.status, status_errors=errors)
    uow.commit()
    return RedirectResponse(f"/pledges/{pledge_id}?saved={status}", status_code=303)
