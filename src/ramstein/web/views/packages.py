"""Read model for packages: funders charted per package, orders with ordered and delivered units, and the
delivery timeline (units delivered by month, ordered against delivered, late and short orders).

A package that an undisclosed pledge funds would reveal that amount through its funders' shares, its
orders' costs, or its units at the offers' released prices, so for anyone who may not read everything
all of those read "undisclosed" and its deliveries are listed without units and left out of the charts
(packages.service.withheld_packages, the rule the packages API and the triple-win report apply).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy.orm import Session

from ramstein.auth.actor import Actor
from ramstein.catalog.repository import list_offers
from ramstein.deliveries.repository import DeliveryRecord, list_deliveries
from ramstein.models import Offer, Package, PackageOrder, Plan
from ramstein.packages.repository import list_packages
from ramstein.packages.service import withheld_packages
from ramstein.planning.repository import get_plan
from ramstein.states import CONFIDENCES
from ramstein.web.charts import Chart, Series
from ramstein.web.views.pledges import month_range

# how the delivered-by-month chart groups its series
GROUPINGS = ("item", "package")


def add_months(month: str, count: int) -> str:
    """'2026-11' plus 3 months is '2027-02'."""
    year, number = map(int, month.split("-"))
    index = year * 12 + number - 1 + count
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


@dataclass(frozen=True)
class OrderRow:
    order: PackageOrder
    offer: Offer | None
    delivered: Decimal
    cost_usd: Decimal | None  # None: withheld, it would reveal an undisclosed pledge
    expected: str | None = None  # YYYY-MM the units are due: plan start + order month + lead time
    state: str = "outstanding"  # delivered, late, short, due or outstanding (no due month known)
    withheld: bool = False  # units hidden too: at the offer's released price they would reveal the pledge

    @property
    def outstanding(self) -> Decimal:
        return self.order.quantity - self.delivered

    @property
    def units(self) -> tuple[Decimal | None, Decimal | None, Decimal | None]:
        """Ordered, delivered and outstanding units as shown (None: withheld)."""
        if self.withheld:
            return None, None, None
        return self.order.quantity, self.delivered, self.outstanding

    @property
    def late_units(self) -> Decimal:
        return self.outstanding if self.state in ("late", "short") else Decimal(0)

    @property
    def item(self) -> str:
        return self.offer.item if self.offer else f"offer {self.order.offer_id}"

    @property
    def status_text(self) -> str:
        missing = "units" if self.withheld else format(self.outstanding.normalize(), ",f")
        if self.state == "delivered":
            return "delivered in full"
        if self.state == "late":
            return f"late: due {self.expected}, {missing} not delivered"
        if self.state == "short":
            return f"short: the package is closed with {missing} not delivered"
        if self.state == "due":
            return f"due {self.expected}"
        return "outstanding (no due month: the package names no plan)"


def order_state(package: Package, delivered: Decimal, ordered: Decimal, expected: str | None, this_month: str) -> str:
    """Late: the due month has passed without full delivery; short: closed as delivered with units missing."""
    if delivered >= ordered:
        return "delivered"
    if expected is not None and expected < this_month:
        return "late"
    if package.status == "delivered":
        return "short"
    return "due" if expected is not None else "outstanding"


def expected_month(plan: Plan | None, order: PackageOrder, offer: Offer | None) -> str | None:
    """The month the order's units are due, from the plan it came from (its start and the offer's lead time
    as the plan saw it, which a what-if may have delayed); None when the package names no plan."""
    if plan is None or not plan.instance.get("start"):
        return None
    leads = {o["id"]: o["lead_time"] for o in plan.instance.get("offers", [])}
    lead = leads.get(offer.ref) if offer else None
    if lead is None:
        lead = offer.lead_time_months if offer else None
    return None if lead is None else add_months(plan.instance["start"], order.month + int(lead))


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
    delivered_by_month: Chart
    ordered_delivered: Chart
    deliveries: list[DeliveryRecord]
    offers: dict[int, Offer]
    package_refs: list[str]  # every package this actor may see, for the filter
    package: str | None
    by: str
    withheld: frozenset[str] = frozenset()  # refs of packages whose units and money are hidden

    def units(self, record: DeliveryRecord) -> Decimal | None:
        """A delivery's units as shown: None for a withheld package's."""
        return None if record.package.ref in self.withheld else record.delivery.quantity

    @property
    def late(self) -> list[tuple[PackageView, OrderRow]]:
        return [(pv, o) for pv in self.packages for o in pv.orders if o.state in ("late", "short")]


def funders_chart(packages: list[Package]) -> Chart:
    """Only packages whose figures may be shown; a withheld package is left out, not drawn as zero."""
    nations = sorted({f.nation_iso3 for p in packages for f in p.funders})
    share = {(p.ref, f.nation_iso3): f.amount_usd for p in packages for f in p.funders}
    return Chart("package-funders", "Funding of each package by nation (USD)", "stacked", [p.ref for p in packages],
                 [Series(n, [share.get((p.ref, n), Decimal(0)) for p in packages]) for n in nations], "USD", (),
                 label_name="Package", note="Amounts the coordinators attributed to each funding nation.")


def levels_of(deliveries: list[DeliveryRecord]) -> list[str]:
    found = {r.delivery.confidence for r in deliveries}
    return [c for c in CONFIDENCES if c in found]


def delivered_by_month_chart(deliveries: list[DeliveryRecord], offers: dict[int, Offer], by: str) -> Chart:
    """Units delivered in each month, one series per item (or per package); a quiet month shows as zero."""
    def key(r: DeliveryRecord) -> str:
        if by == "package":
            return r.package.ref
        offer = offers.get(r.order.offer_id)
        return offer.item if offer else f"offer {r.order.offer_id}"

    monthly: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for r in deliveries:
        monthly[(key(r), r.delivery.date.strftime("%Y-%m"))] += r.delivery.quantity
    months = month_range(min(m for _, m in monthly), max(m for _, m in monthly)) if monthly else []
    names = sorted({k for k, _ in monthly})
    return Chart("delivered-by-month", f"Units delivered by month, per {by}", "stacked", months,
                 [Series(n, [monthly.get((n, m), Decimal(0)) for m in months]) for n in names], "units",
                 levels_of(deliveries), in_millions=False, label_name="Month",
                 note="Units of different items are not comparable: read each series on its own. "
                      "Quantities only; no costs.")


def share(part: Decimal, whole: Decimal) -> Decimal:
    return (part * 100 / whole).quantize(Decimal("0.1")) if whole else Decimal(0)


def ordered_delivered_chart(views: list[PackageView], deliveries: list[DeliveryRecord]) -> Chart:
    """Each order as 100%: delivered, outstanding but not yet due, late or short (so items of very different
    quantities read on one axis; the units are in each package's order table)."""
    rows = [(pv.package.ref, o) for pv in views for o in pv.orders]
    return Chart("ordered-delivered", "Ordered against delivered, per order (% of the units ordered)", "hstacked",
                 [f"{ref} · {o.order.requirement_ref} · {o.item} ({format(o.order.quantity.normalize(), ',f')} "
                  "ordered)" for ref, o in rows],
                 [Series("Delivered", [share(o.delivered, o.order.quantity) for _, o in rows], tone="good"),
                  Series("Outstanding, not yet late", [share(o.outstanding - o.late_units, o.order.quantity)
                                                       for _, o in rows], tone="pending"),
                  Series("Late or short", [share(o.late_units, o.order.quantity) for _, o in rows], tone="bad")],
                 "% of the order", levels_of(deliveries), in_millions=False, label_name="Package · line · item",
                 note="Late: not delivered although the order's due month (plan start + order month + the offer's "
                      "lead time) has passed; short: the package was closed without them.")


def packages_page(session: Session, actor: Actor, status: str | None, package: str | None = None,
                  by: str = "item", today: dt.date | None = None) -> PackagesPage:
    """`package` keeps one package (and its deliveries); `today` decides which due months have passed."""
    every, _ = list_packages(session, actor, status=status)
    packages = [p for p in every if package is None or p.ref == package]
    offers = {o.id: o for o in list_offers(session, actor)[0]}
    hidden = withheld_packages(session, actor)
    deliveries = [r for r in list_deliveries(session, actor, package) if r.package.id in {p.id for p in packages}]
    delivered: dict[int, Decimal] = defaultdict(Decimal)
    for r in deliveries:
        delivered[r.order.id] += r.delivery.quantity
    this_month = (today or dt.date.today()).strftime("%Y-%m")
    plans = {pid: get_plan(session, pid) for pid in {p.plan_id for p in packages if p.plan_id is not None}}
    views = []
    for p in packages:
        rows = []
        for o in p.orders:
            offer = offers.get(o.offer_id)
            due = expected_month(plans.get(p.plan_id) if p.plan_id is not None else None, o, offer)
            done = delivered.get(o.id, Decimal(0))
            rows.append(OrderRow(o, offer, done, None if p.ref in hidden else o.cost_usd, due,
                                 order_state(p, done, o.quantity, due, this_month), p.ref in hidden))
        views.append(PackageView(p, rows, p.ref in hidden))
    grouping = by if by in GROUPINGS else "item"
    charted = [r for r in deliveries if r.package.ref not in hidden]
    return PackagesPage(views, funders_chart([p for p in packages if p.ref not in hidden]),
                        delivered_by_month_chart(charted, offers, grouping),
                        ordered_delivered_chart([v for v in views if not v.withheld], charted), deliveries, offers,
                        [p.ref for p in every], package, grouping, frozenset(hidden))
