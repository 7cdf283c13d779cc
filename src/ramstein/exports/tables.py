"""Rows of each exportable table, flat and with exact decimals; pledge rows re-import as they are."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ramstein.audit.log import jsonable
from ramstein.auth.actor import Actor
from ramstein.catalog.repository import list_offers
from ramstein.imports.fields import SOURCE_SEPARATOR
from ramstein.models import Event, Nation, NationFigure, Pledge, Source
from ramstein.pledges.repository import list_pledges
from ramstein.pledges.service import sees_in_full
from ramstein.requirements.repository import get_current_list, list_lines
from ramstein.requirements.weights import effective_weight

Rows = list[dict[str, Any]]
# the CLI's exports are made by whoever holds the database
OPERATOR = Actor("export", "operator")


def _sources(sources: list[Source]) -> dict[str, str]:
    return {"source_title": SOURCE_SEPARATOR.join(s.title for s in sources),
            "source_url": SOURCE_SEPARATOR.join(s.url for s in sources)}


def pledge_rows(session: Session, actor: Actor = OPERATOR) -> Rows:
    """Pledges the actor may see; amounts it may not see (undisclosed, another nation's) stay empty."""
    pledges, _ = list_pledges(session, actor)
    return [_redact(actor, p, {
        "id": p.id, "nation": p.nation_iso3, "date": p.date, "amount": p.amount, "currency": p.currency,
        "status": p.status, "confidence": p.confidence, **_sources(p.sources),
        "categories": ";".join(p.categories or []), "disclosed": p.disclosed, "package": p.package_ref or "",
        "note": p.note, "estimated": p.estimated, "joint_group": p.joint_group or "",
        "joint_total": p.joint_total, "usd_amount": p.usd_amount, "usd_rate": p.usd_rate,
        "usd_rate_date": p.usd_rate_date, "eur_amount": p.eur_amount, "eur_rate": p.eur_rate,
        "eur_rate_date": p.eur_rate_date, "rate_provisional": p.rate_provisional, "version": p.version,
    }) for p in pledges]


def _redact(actor: Actor, pledge: Pledge, row: dict[str, Any]) -> dict[str, Any]:
    if sees_in_full(actor, pledge) or pledge.disclosed:
        return row
    hidden = ("amount", "joint_total", "usd_amount", "usd_rate", "usd_rate_date", "eur_amount", "eur_rate",
              "eur_rate_date", "rate_provisional")
    return {k: (None if k in hidden else v) for k, v in row.items()}


def requirement_rows(session: Session) -> Rows:
    current = get_current_list(session)
    if current is None:
        return []
    lines, _ = list_lines(session, current.id)
    return [{
        "ref": x.ref, "item": x.item, "category": x.category, "quantity": x.quantity, "priority": x.priority,
        "weight": x.weight, "effective_weight": effective_weight(x.priority, x.weight),
        "need_by": x.need_by.strftime("%Y-%m"), "illustrative": x.illustrative, "note": x.note,
        "version": current.version,
    } for x in lines]


def offer_rows(session: Session, actor: Actor = OPERATOR) -> Rows:
    offers, _ = list_offers(session, actor)
    return [{
        "id": o.ref, "item": o.item, "category": o.category, "supplier": o.supplier, "origin": o.origin,
        "region": o.region, "site": o.site, "unit_price": o.unit_price, "currency": o.currency,
        "price_date": o.price_date, "lead_time_months": o.lead_time_months,
        "capacity_per_month": o.capacity_per_month, "min_order": o.min_order, "integer": o.integer,
        "confidence": o.confidence, "illustrative": o.illustrative, **_sources(o.sources), "note": o.note,
    } for o in offers]


def nation_rows(session: Session) -> Rows:
    nations = session.execute(select(Nation).order_by(Nation.iso3)).scalars()
    return [{"iso3": n.iso3, "name": n.name, "nato": n.nato, "eu": n.eu, "currency": n.currency,
             "note": n.note} for n in nations]


def nation_figure_rows(session: Session) -> Rows:
    figures = session.execute(select(NationFigure).order_by(
        NationFigure.nation_iso3, NationFigure.measure, NationFigure.year)).scalars()
    return [{"nation": f.nation_iso3, "year": f.year, "measure": f.measure, "value": f.value,
             "basis": f.basis, "confidence": f.source.confidence, "source_title": f.source.title,
             "source_url": f.source.url} for f in figures]


def event_rows(session: Session) -> Rows:
    """The log as stored (null stays null): the JSON export verifies offline (`audit verify --file`)."""
    events = session.execute(select(Event).order_by(Event.seq)).scalars()
    return [{"seq": e.seq, "at": e.at, "actor": e.actor, "role": e.role, "action": e.action,
             "entity": e.entity, "entity_id": e.entity_id, "before": jsonable(e.before),
             "after": jsonable(e.after), "request_id": e.request_id, "prev_hash": e.prev_hash,
             "hash": e.hash} for e in events]


def kiel_rows(session: Session) -> Rows:
    """Pledges in the Kiel Ukraine Support Tracker's long format (exports/kiel.py)."""
    from ramstein.exports.kiel import kiel_rows as rows

    return rows(session, OPERATOR)


TABLES: dict[str, Callable[[Session], Rows]] = {
    "pledges": pledge_rows, "requirements": requirement_rows, "offers": offer_rows,
    "nations": nation_rows, "nation_figures": nation_figure_rows, "events": event_rows, "kiel": kiel_rows,
}
