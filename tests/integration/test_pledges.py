from decimal import Decimal

import pytest
from sqlalchemy import func, select

from ramstein.audit.log import snapshot
from ramstein.errors import Conflict, CurrencyError, InvalidTransition, ValidationError
from ramstein.models import Event, Pledge
from ramstein.pledges.service import transition_pledge
from tests.builders import OPERATOR, make_nations, make_pledge


def events(session, entity="pledge"):
    return session.execute(select(Event).where(Event.entity == entity).order_by(Event.seq)).scalars().all()


def test_recording_a_pledge_keeps_the_original_and_stores_converted_figures_with_rates(uow):
    make_nations(uow.session)
    [pledge] = make_pledge(uow.session, amount=Decimal("1234567.89"))
    uow.commit()
    stored = uow.session.get(Pledge, pledge.id)
    assert stored.amount == Decimal("1234567.89") and stored.currency == "EUR"
    assert stored.usd_rate == Decimal("1.1565") and str(stored.usd_rate_date) == "2025-08-04"
    assert stored.usd_amount == (Decimal("1234567.89") * Decimal("1.1565")).quantize(Decimal("0.01"))
    assert stored.eur_amount == Decimal("1234567.89")
    assert [s.title for s in stored.sources] == ["NATO statement"]


def test_every_create_and_transition_is_an_event_with_before_and_after(uow):
    make_nations(uow.session)
    [pledge] = make_pledge(uow.session, status="committed")
    uow.commit()
    log = events(uow.session)
    assert [e.action for e in log] == ["created", "confirmed", "committed"]
    assert log[0].before is None and log[0].after["amount"] == "500000000"
    assert log[1].before["status"] == "announced" and log[1].after["status"] == "confirmed"
    assert all(e.actor == "ops" and e.role == "operator" for e in log)
    assert log[1].prev_hash == log[0].hash
    # each step starts where the last one ended, and the row stored is the last step's
    assert log[2].before == log[1].after and log[1].before == log[0].after
    stored = uow.session.get(Pledge, pledge.id)
    assert (stored.status, stored.version) == ("committed", 3) == (pledge.status, pledge.version)
    # the after-image is the row and its sources (`audit verify` replays it against the tables)
    assert log[2].after == {**snapshot(stored), "sources": [s.id for s in stored.sources]}
    # a later move records the same fields
    transition_pledge(uow.session, OPERATOR, pledge.id, "disbursed", expected_version=3)
    uow.commit()
    later = events(uow.session)[-1]
    assert later.before == log[2].after and set(later.after) == set(log[2].after)


def test_a_pledge_recorded_as_withdrawn_has_its_withdrawal_time(uow):
    make_nations(uow.session)
    [pledge] = make_pledge(uow.session, status="withdrawn")
    uow.commit()
    stored = uow.session.get(Pledge, pledge.id)
    assert stored.status == "withdrawn" and stored.withdrawn_at is not None
    assert [e.action for e in events(uow.session)] == ["created", "withdrawn"]


def test_a_disbursed_pledge_cannot_be_withdrawn_and_nothing_changes(uow):
    make_nations(uow.session)
    [pledge] = make_pledge(uow.session, status="disbursed")
    uow.commit()
    before = len(events(uow.session))
    with pytest.raises(InvalidTransition, match="a disbursed pledge cannot become withdrawn"):
        transition_pledge(uow.session, OPERATOR, pledge.id, "withdrawn")
    uow.session.rollback()
    assert uow.session.get(Pledge, pledge.id).status == "disbursed"
    assert len(events(uow.session)) == before


def test_a_stale_version_is_refused(uow):
    make_nations(uow.session)
    [pledge] = make_pledge(uow.session)
    transition_pledge(uow.session, OPERATOR, pledge.id, "confirmed", expected_version=1)
    with pytest.raises(Conflict, match="changed since version 1"):
        transition_pledge(uow.session, OPERATOR, pledge.id, "committed", expected_version=1)


def test_joint_pledge_is_split_by_gdp_and_flagged_estimated(uow):
    make_nations(uow.session)
    parts = make_pledge(uow.session, nation="DNK;NOR;SWE", amount=Decimal("495000000"), currency="USD")
    assert sorted(p.nation_iso3 for p in parts) == ["DNK", "NOR", "SWE"]
    assert sum(p.amount for p in parts) == Decimal("495000000")
    assert all(p.estimated and p.joint_group == parts[0].joint_group for p in parts)
    swe = next(p for p in parts if p.nation_iso3 == "SWE")
    assert swe.amount > next(p for p in parts if p.nation_iso3 == "DNK").amount


def test_an_undisclosed_amount_stays_undisclosed(uow):
    make_nations(uow.session)
    [pledge] = make_pledge(uow.session, amount=None, disclosed=False)
    assert pledge.amount is None and pledge.usd_amount is None and not pledge.disclosed


def test_a_missing_amount_must_be_marked_undisclosed(uow):
    make_nations(uow.session)
    with pytest.raises(ValidationError, match="amount is required unless disclosed is false"):
        make_pledge(uow.session, amount=None)


def test_uah_needs_a_supplied_rate(uow):
    make_nations(uow.session)
    with pytest.raises(CurrencyError, match="UAH"):
        make_pledge(uow.session, nation="UKR", currency="UAH", amount=Decimal("1000"))
    [pledge] = make_pledge(uow.session, nation="UKR", currency="UAH", amount=Decimal("1000"),
                           usd_rate=Decimal("0.024"), rate_source="National Bank of Ukraine official rate")
    assert pledge.usd_amount == Decimal("24.00") and pledge.eur_amount is not None


def test_unknown_nation_says_so(uow):
    make_nations(uow.session)
    with pytest.raises(ValidationError, match="FRA \\(France\\) is not a nation"):
        make_pledge(uow.session, nation="FRA")
    with pytest.raises(ValidationError, match="unknown nation 'XYZ'"):
        make_pledge(uow.session, nation="XYZ")
    assert uow.session.execute(select(func.count()).select_from(Pledge)).scalar_one() == 0
