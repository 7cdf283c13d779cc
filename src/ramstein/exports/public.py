"""What every open-data export is made from: the public's view of the ledger, read once.

Read as the public (`PUBLIC`): released records only, through the same repositories as the public API.
Every redaction rule is applied here, once, so no format can forget one:
- an undisclosed pledge's amount and everything derived from it are None;
- a package whose figures would let an undisclosed amount be subtracted out (`withheld_packages`, the
  rule the API and the dashboard use) has its target, its orders' costs and units, its funders' shares
  and the units delivered against it None (units times a released unit price would be money);
- an order's offer (supplier, item) is named only when that offer is released itself.
The formats (ocds.py, datapackage.py, kiel_tracker.py) are pure functions of this snapshot (records.py).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from ramstein.auth.actor import PUBLIC
from ramstein.catalog.repository import list_offers
from ramstein.deliveries.repository import list_deliveries
from ramstein.exports import repository
from ramstein.exports.records import (
    PLEDGE_MONEY,
    PublicData,
    PublicDelivery,
    PublicOrder,
    PublicPackage,
    PublicPledge,
    Source,
)
from ramstein.packages.repository import list_packages
from ramstein.packages.service import withheld_packages
from ramstein.pledges.repository import list_pledges
from ramstein.requirements.repository import get_latest_released, list_lines


def _sources(items: Any) -> tuple[Source, ...]:
    return tuple(Source(s.title, s.url or "", s.confidence) for s in items)


def _pledge(p: Any, paid: dict[str, dt.datetime]) -> PublicPledge:
    shown = bool(p.disclosed) and p.amount is not None
    money = {name: (getattr(p, name) if shown else None) for name in PLEDGE_MONEY}
    return PublicPledge(
        id=p.id, nation=p.nation_iso3, date=p.date, currency=p.currency, disclosed=shown, estimated=bool(p.estimated),
        status=p.status, confidence=p.confidence, categories=tuple(p.categories or ()), package=p.package_ref,
        joint_group=p.joint_group, rate_provisional=bool(p.rate_provisional) and shown, note=p.note or "",
        sources=_sources(p.sources), paid_at=paid.get(str(p.id)), **money)


def _packages(session: Session, public_offers: dict[int, Any], withheld: set[str]) -> list[PublicPackage]:
    stages = repository.package_stage_dates(session)
    packages, _ = list_packages(session, PUBLIC)
    found = []
    for p in packages:
        hide = p.ref in withheld
        orders = []
        for o in p.orders:
            offer = public_offers.get(o.offer_id)
            orders.append(PublicOrder(
                id=o.id, package=p.ref, offer=offer.ref if offer else None, item=offer.item if offer else None,
                category=offer.category if offer else None, supplier=offer.supplier if offer else None,
                requirement=o.requirement_ref, quantity=None if hide else o.quantity,
                cost_usd=None if hide else o.cost_usd,
                month=o.month))
        funders = tuple((f.nation_iso3, None if hide else f.amount_usd)
                        for f in sorted(p.funders, key=lambda f: f.nation_iso3))
        found.append(PublicPackage(
            ref=p.ref, status=p.status, target_usd=None if hide else p.target_usd,
            contract_refs=tuple(p.contract_refs or ()), note=p.note or "", withheld=hide,
            released_at=p.released_at, stage_dates=stages.get(p.ref, {}), orders=tuple(orders), funders=funders))
    return found


def _deliveries(session: Session, withheld: set[str]) -> list[PublicDelivery]:
    return [PublicDelivery(id=d.id, order_id=o.id, package=p.ref, quantity=None if p.ref in withheld else d.quantity,
                           date=d.date,
                           confidence=d.confidence, note=d.note or "", sources=_sources(d.sources),
                           recorded_at=d.created_at)
            for d, o, p in list_deliveries(session, PUBLIC)]


def _offer_row(o: Any) -> dict[str, Any]:
    return {"id": o.ref, "item": o.item, "category": o.category, "supplier": o.supplier, "origin": o.origin,
            "region": o.region, "site": o.site, "unit_price": o.unit_price, "currency": o.currency,
            "price_date": o.price_date, "lead_time_months": o.lead_time_months,
            "capacity_per_month": o.capacity_per_month, "min_order": o.min_order, "integer": o.integer,
            "confidence": o.confidence, "illustrative": o.illustrative,
            "source_title": " | ".join(s.title for s in o.sources),
            "source_url": " | ".join(s.url or "" for s in o.sources), "note": o.note}


def _requirements(session: Session) -> tuple[list[dict[str, Any]], int | None]:
    current = get_latest_released(session)
    if current is None:
        return [], None
    lines, _ = list_lines(session, current.id)
    return [{"ref": x.ref, "item": x.item, "category": x.category, "quantity": x.quantity,
             "priority": x.priority, "need_by": x.need_by.strftime("%Y-%m"), "illustrative": x.illustrative,
             "note": x.note, "version": current.version} for x in lines], current.version


def load_public_data(session: Session) -> PublicData:
    """The public's view of the whole ledger, redacted once for every format."""
    head = repository.log_head(session)
    offers, _ = list_offers(session, PUBLIC)
    public_offers = {o.id: o for o in offers}
    pledges, _ = list_pledges(session, PUBLIC)
    paid = repository.payment_dates(session)
    nations = repository.list_nations(session)
    requirements, version = _requirements(session)
    withheld = withheld_packages(session, PUBLIC)
    return PublicData(
        as_of=head[2] if head else dt.datetime(1970, 1, 1, tzinfo=dt.UTC),
        log_seq=head[0] if head else 0, log_hash=head[1] if head else "",
        checkpoint=repository.latest_checkpoint(session, head[0]) if head else None,
        nations={n.iso3: n.name for n in nations},
        nation_rows=[{"iso3": n.iso3, "name": n.name, "nato": n.nato, "eu": n.eu, "currency": n.currency,
                      "note": n.note} for n in nations],
        figure_rows=[{"nation": f.nation_iso3, "year": f.year, "measure": f.measure, "value": f.value,
                      "basis": f.basis, "confidence": f.source.confidence, "source_title": f.source.title,
                      "source_url": f.source.url} for f in repository.list_nation_figures(session)],
        pledges=[_pledge(p, paid) for p in pledges],
        packages=_packages(session, public_offers, withheld),
        deliveries=_deliveries(session, withheld),
        offer_rows=[_offer_row(o) for o in offers],
        requirement_rows=requirements, requirement_version=version)
