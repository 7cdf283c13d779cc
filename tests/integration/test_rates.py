"""A pledge of today is recorded on a machine whose bundled rates are old, and re-converted when rates arrive."""

import datetime as dt
import zipfile
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from ramstein.errors import Conflict, CurrencyError, ValidationError
from ramstein.models import Event, ExchangeRate, Pledge
from ramstein.money import BUNDLED
from ramstein.pledges.schemas import PledgeUpdate
from ramstein.pledges.service import update_pledge
from ramstein.rates.service import import_rates
from tests.builders import OPERATOR, make_nations, make_pledge

LAST = BUNDLED.last_published()
# a Wednesday well after the bundled history, as "today" is on a machine whose package is a month old
TODAY = LAST + dt.timedelta(days=30 + (2 - (LAST + dt.timedelta(days=30)).weekday()) % 7)


def ecb_file(path, rows, *, zipped=False):
    """A file in the ECB's eurofxref-hist layout (newest day first, N/A for a missing cell)."""
    currencies = sorted({c for day in rows.values() for c in day})
    lines = ["Date," + ",".join(currencies) + ","]
    for day in sorted(rows, reverse=True):
        lines.append(day.isoformat() + "," + ",".join(rows[day].get(c, "N/A") for c in currencies) + ",")
    text = "\n".join(lines) + "\n"
    if zipped:
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("eurofxref-hist.csv", text)
    else:
        path.write_text(text)
    return path


def events(session, entity):
    return session.execute(select(Event).where(Event.entity == entity).order_by(Event.seq)).scalars().all()


def test_a_pledge_dated_after_the_bundled_rates_is_recorded_at_the_latest_rate_marked_provisional(uow):
    make_nations(uow.session)
    [pledge] = make_pledge(uow.session, date=TODAY, amount=Decimal("100000000"), currency="EUR")
    uow.commit()
    stored = uow.session.get(Pledge, pledge.id)
    assert stored.rate_provisional
    assert stored.usd_rate_date <= LAST and stored.eur_amount == Decimal("100000000.00")


def test_loading_the_dates_rate_reconverts_the_pledge_with_an_event(uow, tmp_path):
    make_nations(uow.session)
    [pledge] = make_pledge(uow.session, date=TODAY, amount=Decimal("100000000"), currency="EUR")
    uow.commit()
    path = ecb_file(tmp_path / "eurofxref-hist.zip", {TODAY: {"USD": "1.2500", "NOK": "11.5"},
                                                      LAST: {"USD": "1.1000", "NOK": "11.0"}}, zipped=True)
    result = import_rates(uow.session, OPERATOR, path)
    uow.commit()
    # the bundled day is not stored again; the new day is, with its source
    assert result.added == 2 and result.first == result.last == TODAY
    assert result.reconverted == [pledge.id]
    stored = uow.session.get(Pledge, pledge.id)
    assert not stored.rate_provisional and stored.version == 2
    assert stored.usd_rate == Decimal("1.25") and stored.usd_rate_date == TODAY
    assert stored.usd_amount == Decimal("125000000.00") and stored.amount == Decimal("100000000")
    rate = uow.session.get(ExchangeRate, ("USD", TODAY))
    assert "eurofxref-hist.zip" in rate.source and rate.loaded_by == "ops"
    [changed] = [e for e in events(uow.session, "pledge") if e.action == "reconverted"]
    assert changed.before["rate_provisional"] is True and changed.after["rate_provisional"] is False
    assert changed.before["usd_amount"] != changed.after["usd_amount"] == "125000000"
    assert [e.action for e in events(uow.session, "exchange_rates")] == ["loaded"]
    # a pledge of that day recorded later is not provisional
    [later] = make_pledge(uow.session, date=TODAY, amount=Decimal("10"), currency="NOK")
    assert not later.rate_provisional and later.usd_rate == (Decimal("1.25") / Decimal("11.5")).quantize(
        Decimal("1e-12"))


def test_rates_that_still_do_not_reach_the_date_keep_the_pledge_provisional_at_the_newer_rate(uow, tmp_path):
    make_nations(uow.session)
    [pledge] = make_pledge(uow.session, date=TODAY, amount=Decimal("1000"), currency="EUR")
    uow.commit()
    earlier = TODAY - dt.timedelta(days=7)
    import_rates(uow.session, OPERATOR, ecb_file(tmp_path / "h.csv", {earlier: {"USD": "1.3"}}))
    uow.commit()
    stored = uow.session.get(Pledge, pledge.id)
    assert stored.rate_provisional and stored.usd_rate == Decimal("1.3") and stored.usd_rate_date == earlier


def test_a_correction_of_a_provisional_pledge_is_converted_again(uow, tmp_path):
    make_nations(uow.session)
    [pledge] = make_pledge(uow.session, date=TODAY, amount=Decimal("1000"), currency="EUR")
    uow.commit()
    update_pledge(uow.session, OPERATOR, pledge.id, PledgeUpdate(date=LAST), expected_version=1)
    uow.commit()
    assert not uow.session.get(Pledge, pledge.id).rate_provisional


def test_importing_the_same_file_twice_adds_nothing_and_a_changed_rate_is_refused(uow, tmp_path):
    make_nations(uow.session)
    path = ecb_file(tmp_path / "h.csv", {TODAY: {"USD": "1.25"}})
    assert import_rates(uow.session, OPERATOR, path).added == 1
    uow.commit()
    assert import_rates(uow.session, OPERATOR, path).added == 0
    with pytest.raises(Conflict, match=f"USD on {TODAY}: the stored rate is 1.25"):
        import_rates(uow.session, OPERATOR, ecb_file(tmp_path / "g.csv", {TODAY: {"USD": "1.30"}}))
    uow.session.rollback()
    count = uow.session.execute(select(func.count()).select_from(ExchangeRate)).scalar_one()
    assert count == 1 and uow.session.get(ExchangeRate, ("USD", TODAY)).rate == Decimal("1.25")


@pytest.mark.parametrize("content, reason", [
    ("hello world\n", "not an ECB reference-rate file"),
    ("Date,USD,\n2030-01-02,abc,\n", "not an ECB reference-rate file"),
    ("Date,USD,\n2030-01-02,-1.2,\n", "is not a rate"),
    ("Date,US1,\n2030-01-02,1.2,\n", "is not a currency code"),
    ("Date,USD,\n", "holds no rates"),
])
def test_a_file_that_is_not_an_ecb_rate_file_is_refused_by_name(uow, tmp_path, content, reason):
    path = tmp_path / "rates.csv"
    path.write_text(content)
    with pytest.raises(ValidationError, match=reason) as caught:
        import_rates(uow.session, OPERATOR, path)
    assert "rates.csv" in caught.value.message


def test_a_pledge_before_the_ecb_series_is_refused_naming_the_date(uow):
    make_nations(uow.session)
    with pytest.raises(CurrencyError, match="0001-01-01") as caught:
        make_pledge(uow.session, date=dt.date(1, 1, 1))
    assert caught.value.field == "date"
