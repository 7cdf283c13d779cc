"""Packages with their funding nations, orders, what has been delivered against each order, and when;
a coordinator moves a package along its lifecycle and records deliveries against its orders."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from fastapi import APIRouter, Request
from sqlalchemy.orm import Session
from starlette.responses import RedirectResponse, Response

from ramstein.api.deps import SessionDep, UowDep
from ramstein.auth.actor import Actor
from ramstein.auth.policy import CREATE, TRANSITION, Target, can
from ramstein.deliveries.service import DELIVERABLE, record_delivery
from ramstein.errors import ValidationError
from ramstein.packages.service import transition_package
from ramstein.schemas import SourceIn
from ramstein.states import CONFIDENCES, PACKAGE_MOVES
from ramstein.web.forms import FormErrors, attempt, sources, text
from ramstein.web.render import page
from ramstein.web.session import Csrf, FormDep, WebActor
from ramstein.web.views.packages import GROUPINGS, packages_page

router = APIRouter(include_in_schema=False)


def _page(request: Request, actor: Actor, session: Session, status_code: int = 200,
          errors: FormErrors | None = None, where: str = "", values: dict[str, str] | None = None) -> Response:
    q = request.query_params
    view = packages_page(session, actor, q.get("status") or None, (q.get("package") or "").strip() or None,
                         q.get("by") or "item")
    return page(request, actor, "packages/index.html", status_code, view=view, groupings=GROUPINGS,
                may_move=can(actor, TRANSITION, Target("package")), may_deliver=can(actor, CREATE, Target("delivery")),
                moves=PACKAGE_MOVES, deliverable=DELIVERABLE, confidences=CONFIDENCES, errors=errors or {},
                where=where, values=values or {}, saved=q.get("saved"), today=dt.date.today().isoformat())


@router.get("/packages")
def packages(request: Request, actor: WebActor, session: SessionDep) -> Response:
    return _page(request, actor, session)


@router.post("/packages/{ref}/status", dependencies=[Csrf])
def move_package(request: Request, form: FormDep, actor: WebActor, uow: UowDep, ref: str) -> Response:
    version = int(text(form, "version")) if text(form, "version").isdigit() else None
    done, errors = attempt(lambda: transition_package(uow.session, actor, ref, text(form, "status"), version))
    if not done:
        uow.session.rollback()
        return _page(request, actor, uow.session, errors.status, errors, where=f"move-{ref}")
    uow.commit()
    return RedirectResponse(f"/packages?saved={ref}+{done.status}#package-{ref}", status_code=303)


def _delivery(session: Session, actor: Actor, ref: str, order_id: int, form: FormDep) -> object:
    try:
        quantity = Decimal(text(form, "quantity").replace(",", ""))
    except InvalidOperation:
        raise ValidationError(f"not a number: {text(form, 'quantity')!r}", field="quantity") from None
    try:
        day = dt.date.fromisoformat(text(form, "date"))
    except ValueError:
        raise ValidationError("not a date: use YYYY-MM-DD, e.g. 2025-10-01", field="date") from None
    found = [SourceIn(**s) for s in sources(form)]
    return record_delivery(session, actor, order_id, quantity, day, text(form, "confidence"), found,
                           text(form, "note"), package_ref=ref)


@router.post("/packages/{ref}/orders/{order_id}/deliveries", dependencies=[Csrf])
def add_delivery(request: Request, form: FormDep, actor: WebActor, uow: UowDep, ref: str, order_id: int) -> Response:
    done, errors = attempt(lambda: _delivery(uow.session, actor, ref, order_id, form))
    if not done:
        uow.session.rollback()
        return _page(request, actor, uow.session, errors.status, errors, where=f"order-{order_id}",
                     values={k: str(form.get(k) or "") for k in form})
    uow.commit()
    return RedirectResponse(f"/packages?saved={ref}+delivery#package-{ref}", status_code=303)
