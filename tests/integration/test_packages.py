import datetime as dt
from decimal import Decimal

import pytest

from ramstein.catalog.schemas import OfferIn
from ramstein.catalog.service import save_offer
from ramstein.deliveries.service import record_delivery
from ramstein.errors import InvalidTransition, ValidationError
from ramstein.packages.schemas import PackageCreate
from ramstein.packages.service import create_package, transition_package
from ramstein.schemas import SourceIn
from tests.builders import COORDINATOR, make_nations

SOURCE = [SourceIn(title="contract notice", url="https://example.org/loa")]


def offer(**overrides):
    values = dict(ref="OF-GMLRS", item="GMLRS rocket", category="long_range_fires", supplier="Lockheed Martin",
                  origin="USA", region="US", unit_price="177000", currency="USD", price_date="2023-03-01",
                  lead_time_months=4, capacity_per_month="625", confidence="reported",
                  sources=[{"title": "budget request", "url": ""}])
    values.update(overrides)
    return OfferIn.model_validate(values)


def contracted_package(session):
    make_nations(session)
    save_offer(session, COORDINATOR, offer())
    package = create_package(session, COORDINATOR, PackageCreate(
        ref="PURL-5", orders=[{"offer": "OF-GMLRS", "requirement": "R05", "quantity": "100",
                               "cost_usd": "17700000", "month": 0}],
        funders=[{"nation": "NLD", "amount_usd": "17700000"}]))
    for status in ("approved", "contracted"):
        transition_package(session, COORDINATOR, "PURL-5", status)
    return package


def test_a_delivery_can_never_exceed_what_was_ordered(uow):
    package = contracted_package(uow.session)
    order_id = package.orders[0].id
    record_delivery(uow.session, COORDINATOR, order_id, Decimal("60"), dt.date(2026, 3, 1), "official", SOURCE)
    with pytest.raises(ValidationError, match="100 ordered, 60 delivered"):
        record_delivery(uow.session, COORDINATOR, order_id, Decimal("41"), dt.date(2026, 4, 1), "official", SOURCE)
    record_delivery(uow.session, COORDINATOR, order_id, Decimal("40"), dt.date(2026, 4, 1), "official", SOURCE)


def test_a_draft_package_takes_no_delivery_and_skipping_a_stage_is_refused(uow):
    make_nations(uow.session)
    save_offer(uow.session, COORDINATOR, offer())
    package = create_package(uow.session, COORDINATOR, PackageCreate(
        ref="PURL-6", orders=[{"offer": "OF-GMLRS", "requirement": "R05", "quantity": "10", "cost_usd": "1770000",
                               "month": 0}]))
    with pytest.raises(InvalidTransition, match="deliveries need it contracted"):
        record_delivery(uow.session, COORDINATOR, package.orders[0].id, Decimal("1"), dt.date(2026, 1, 1),
                        "official", SOURCE)
    with pytest.raises(InvalidTransition, match="a draft package cannot become delivering"):
        transition_package(uow.session, COORDINATOR, "PURL-6", "delivering")


def test_offer_with_unknown_origin_or_region_is_refused(uow):
    with pytest.raises(ValidationError, match="origin"):
        save_offer(uow.session, COORDINATOR, offer(origin="XXX"))
    with pytest.raises(ValidationError, match="region must be one of"):
        save_offer(uow.session, COORDINATOR, offer(region="NATO"))
