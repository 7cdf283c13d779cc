"""Every query about deliveries: what was delivered against which order of which package.

Visibility follows packages: the public sees deliveries of released packages only.
"""

from __future__ import annotations

from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from ramstein.auth.actor import Actor
from ramstein.auth.policy import read_scope
from ramstein.models import Delivery, Package, PackageOrder


class DeliveryRecord(NamedTuple):
    """A delivery with the order it is against and that order's package."""

    delivery: Delivery
    order: PackageOrder
    package: Package


def list_deliveries(session: Session, actor: Actor, package_ref: str | None = None) -> list[DeliveryRecord]:
    """Deliveries this actor may see, oldest first; `package_ref` keeps one package's only."""
    query = (select(Delivery, PackageOrder, Package)
             .join(PackageOrder, Delivery.order_id == PackageOrder.id)
             .join(Package, PackageOrder.package_id == Package.id))
    if not read_scope(actor, "package").everything:
        query = query.where(Package.released_at.is_not(None))
    if package_ref is not None:
        query = query.where(Package.ref == package_ref)
    query = query.order_by(Delivery.date, Delivery.id)
    return [DeliveryRecord(*row) for row in session.execute(query).all()]
