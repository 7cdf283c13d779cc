"""The queries the report needs beyond the feature repositories: released lists and package orders."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ramstein.models import Delivery, Nation, Offer, Package, PackageOrder, RequirementList

# a package's orders count as ordered once its contract is signed
ORDERED_PACKAGE_STATUSES = ("contracted", "delivering", "delivered")


def get_latest_released_list(session: Session) -> RequirementList | None:
    return session.execute(select(RequirementList).where(RequirementList.released_at.is_not(None))
                           .order_by(RequirementList.version.desc()).limit(1)).scalar_one_or_none()


def list_nations_with_figures(session: Session) -> list[Nation]:
    return list(session.execute(select(Nation).order_by(Nation.iso3)).scalars())


def list_ordered_package_orders(session: Session, *, released_only: bool
                                ) -> list[tuple[Package, PackageOrder, str, Decimal]]:
    """(package, order, offer ref, units delivered) for packages that are contracted or later."""
    delivered = (select(Delivery.order_id, func.sum(Delivery.quantity).label("units"))
                 .group_by(Delivery.order_id).subquery())
    query = (select(Package, PackageOrder, Offer.ref, delivered.c.units)
             .join(PackageOrder, PackageOrder.package_id == Package.id)
             .join(Offer, Offer.id == PackageOrder.offer_id)
             .outerjoin(delivered, delivered.c.order_id == PackageOrder.id)
             .where(Package.status.in_(ORDERED_PACKAGE_STATUSES))
             .order_by(Package.ref, PackageOrder.id))
    if released_only:
        query = query.where(Package.released_at.is_not(None))
    return [(p, o, ref, Decimal(units or 0)) for p, o, ref, units in session.execute(query).all()]
