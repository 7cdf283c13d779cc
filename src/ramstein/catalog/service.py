"""The offer catalog: create or update offers by their stable ref."""

from __future__ import annotations

import pycountry
from sqlalchemy import select
from sqlalchemy.orm import Session

from ramstein.audit.log import record, snapshot
from ramstein.auth.actor import Actor
from ramstein.auth.policy import CREATE, READ, UPDATE, Target, can, require
from ramstein.catalog.schemas import OfferIn
from ramstein.concurrency import check_version
from ramstein.errors import Conflict, NotFound, ValidationError
from ramstein.models import Offer
from ramstein.money import check_currency
from ramstein.sources.repository import get_or_create_source
from ramstein.states import CONFIDENCES, REGIONS


def check_offer(data: OfferIn) -> OfferIn:
    """Checks pydantic cannot express: registries of countries and currencies, closed vocabularies."""
    origin = data.origin.strip().upper()
    if len(origin) != 3 or pycountry.countries.get(alpha_3=origin) is None:
        raise ValidationError(f"unknown origin country {data.origin!r} (ISO 3166-1 alpha-3)", field="origin")
    if data.region not in REGIONS:
        raise ValidationError(f"region must be one of {', '.join(REGIONS)}", field="region")
    if data.confidence not in CONFIDENCES:
        raise ValidationError(f"confidence must be one of {', '.join(CONFIDENCES)}", field="confidence")
    if data.integer and data.min_order != data.min_order.to_integral_value():
        raise ValidationError("min_order must be whole for an offer of whole units", field="min_order")
    if data.source == "stock" and data.available_quantity is None:
        raise ValidationError("a stock offer needs available_quantity (units in all)", field="available_quantity")
    if data.source == "stock" and data.lead_time_months > 1:
        raise ValidationError("a stock offer is handed over within weeks: lead_time_months 0 or 1",
                              field="lead_time_months")
    if data.source == "production" and data.available_quantity is not None:
        raise ValidationError("only a stock offer has available_quantity (set source to stock)",
                              field="available_quantity")
    return data.model_copy(update={"origin": origin, "currency": check_currency(data.currency)})


def get_offer(session: Session, actor: Actor, ref: str) -> Offer:
    offer = session.execute(select(Offer).where(Offer.ref == ref)).scalar_one_or_none()
    if offer is None or not can(actor, READ, Target("offer", released=offer.released_at is not None)):
        raise NotFound(f"no offer {ref!r}", field="ref")
    return offer


def create_offer(session: Session, actor: Actor, data: OfferIn) -> Offer:
    if session.execute(select(Offer.id).where(Offer.ref == data.ref)).first():
        raise Conflict(f"an offer {data.ref!r} exists already; update it instead", field="ref")
    return save_offer(session, actor, data)


def update_offer(session: Session, actor: Actor, ref: str, data: OfferIn, expected_version: int) -> Offer:
    offer = get_offer(session, actor, ref)
    if data.ref != ref:
        raise ValidationError("an offer's ref cannot change", field="ref")
    check_version("offer", offer.version, expected_version)
    return save_offer(session, actor, data)


def save_offer(session: Session, actor: Actor, data: OfferIn) -> Offer:
    """Create or update by ref (the importer's upsert); every change an event."""
    data = check_offer(data)
    offer = session.execute(select(Offer).where(Offer.ref == data.ref)).scalar_one_or_none()
    require(actor, UPDATE if offer else CREATE, Target("offer"))
    before = snapshot(offer) if offer else None
    columns = data.model_dump(exclude={"sources"})
    if offer is None:
        offer = Offer(**columns)
        session.add(offer)
    else:
        for key, value in columns.items():
            setattr(offer, key, value)
        offer.version += 1
    offer.sources = [get_or_create_source(session, s.title, s.url, data.confidence) for s in data.sources]
    session.flush()
    record(session, actor, "updated" if before else "created", "offer", offer.ref, before, snapshot(offer))
    return offer
