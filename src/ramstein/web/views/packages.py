"""Read model for packages: funders charted per package, orders with ordered and delivered units.

A package funded by an undisclosed pledge would reveal that amount through its funders' shares or its
orders' costs, so for anyone who may not read everything those figures read "undisclosed" (the same
rule the triple-win report applies).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy.orm import Session

from ramstein.auth.actor import Actor
from ramstein.catalog.repository import list_offers
from ramstein.deliveries.service import delivered_quantity
from ramstein.models import Offer, Package, PackageOrder
from ramstein.packages.repository import list_packages
from ramstein.packages.service import withheld_packages
from ramstein.web.charts import Chart, Series


@dataclass(frozen=True)
class OrderRow:
    order: PackageOrder
    offer: Offer | None
    delivered: Decimal
    cost_usd: Decimal | None  # None: withheld, it would reveal an undisclosed pledge

    @property
    def outstanding(self) -> Decimal:
        return self.order.quantity - self.delivered


@dataclass(frozen=True)
class PackageView:
    package: Package
    orders: list[OrderRow]
    withheld: bool  # figures hidden because an undisclosed pledge funds the package

    @property
    def funded_usd(self) -> Decimal | None:
        return None if self.withheld else sum((f.amount_usd for f in self.package.funders), Decimal(0))

    @property
    def funders(self) -> list[tuple[str, Decimal | None]]:
        return [(f.nation_iso3, None if self.withheld else f.amount_usd) for f in self.package.funders]


@dataclass(frozen=True)
class PackagesPage:
    packages: list[PackageView]
    funders: Chart


def funders_chart(packages: list[Package]) -> Chart:
    """Only packages whose figures may be shown; a withheld package is left out, not drawn as zero."""
    nations = sorted({f.nation_iso3 for p in packages for f in p.funders})
    share = {(p.ref, f.nation_iso3): f.amount_usd for p in packages for f in p.funders}
    return Chart("package-funders", "Funding of each package by nation (USD)", "stacked", [p.ref for p in packages],
                 [Series(n, [share.get((p.ref, n), Decimal(0)) for p in packages]) for n in nations], "USD", (),
                 label_name="Package", note="Amounts the coordinators attributed to each funding nation.")


def packages_page(session: Session, actor: Actor, status: str | None) -> PackagesPage:
    packages, _ = list_packages(session, actor, status=status)
    offers = {o.id: o for o in list_offers(session, actor)[0]}
    hidden = withheld_packages(session, actor)
    views = [PackageView(p, [OrderRow(o, offers.get(o.offer_id), delivered_quantity(session, o.id),
                                      None if p.ref in hidden else o.cost_usd) for o in p.orders], p.ref in hidden)
             for p in packages]
    return PackagesPage(views, funders_chart([p for p in packages if p.ref not in hidden]))
