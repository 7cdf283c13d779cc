"""Deliveries against package orders: never more than was ordered, never before a contract."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ramstein.audit.log import record, snapshot
from ramstein.auth.actor import Actor
from ramstein.auth.policy import CREATE, Target, require
from ramstein.errors import InvalidTransition, NotFound, ValidationError
from ramstein.models import Delivery, Package, PackageOrder
from ramstein.schemas import SourceIn, exact
from ramstein.sources.repository import get_or_create_source

DELIVERABLE = ("contracted", "delivering")


def delivered_quantity(session: Session, order_id: int) -> Decimal:
    total = session.execute(select(func.coalesce(func.sum(Delivery.quantity), 0))
                            .where(Delivery.order_id == order_id)).scalar_one()
    return Decimal(total)


def record_delivery(session: Session, actor: Actor, order_id: int, quantity: Decimal, date: dt.date,
                    confidence: str, sources: list[SourceIn], note: str = "",
                    package_ref: str | None = None) -> Delivery:
    """Record a delivery; `package_ref`, when given, must be the order's package (URLs name both)."""
    require(actor, CREATE, Target("delivery"))
    order = session.get(PackageOrder, order_id, with_for_update=True)
    if order is None:
        raise NotFound(f"no package order {order_id}", field="order")
    package = session.get(Package, order.package_id)
    assert package is not None
    if package_ref is not None and package.ref != package_ref:
        raise NotFound(f"no order {order_id} in package {package_ref!r}", field="order")
    if package.status not in DELIVERABLE:
        raise InvalidTransition(f"package {package.ref} is {package.status}; deliveries need it contracted",
                                field="order")
    if quantity <= 0:
        raise ValidationError("a delivery's quantity must be positive", field="quantity")
    if not sources:
        raise ValidationError("a delivery needs at least one source", field="sources")
    already = delivered_quantity(session, order_id)
    if already + quantity > order.quantity:
        raise ValidationError(
            f"delivering {exact(quantity)} would exceed the order: {exact(order.quantity)} ordered, "
            f"{exact(already)} delivered",
            field="quantity")
    delivery = Delivery(order_id=order_id, quantity=quantity, date=date, confidence=confidence, note=note,
                        created_by=actor.name)
    delivery.sources = [get_or_create_source(session, s.title, s.url, confidence) for s in sources]
    session.add(delivery)
    session.flush()
    record(session, actor, "created", "delivery", delivery.id, None, snapshot(delivery))
    return delivery
