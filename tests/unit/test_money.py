import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ramstein.errors import CurrencyError, ValidationError
from ramstein.money import BUNDLED, LayeredRates, Money, check_currency, convert, ecb_rate, parse_amount

# ECB reference rates, 2025-08-04 (Monday): USD 1.1565 per EUR (published figure)
MONDAY = dt.date(2025, 8, 4)


def test_eur_to_usd_uses_the_ecb_rate_of_the_pledge_date():
    result = convert(Money(Decimal("500000000"), "EUR"), "USD", MONDAY)
    assert result.rate == Decimal("1.1565")
    assert result.rate_date == MONDAY
    assert result.converted == Money(Decimal("578250000.00"), "USD")
    assert result.original == Money(Decimal("500000000"), "EUR")


def test_weekend_takes_the_previous_business_days_rate_and_says_which():
    saturday = dt.date(2025, 8, 2)
    quote = ecb_rate("EUR", "USD", saturday)
    assert quote.day == dt.date(2025, 8, 1) and not quote.provisional
    assert quote.rate == ecb_rate("EUR", "USD", dt.date(2025, 8, 1)).rate


def test_cross_rate_goes_through_the_euro():
    nok_usd = ecb_rate("NOK", "USD", MONDAY).rate
    usd_eur = ecb_rate("USD", "EUR", MONDAY).rate
    nok_eur = ecb_rate("NOK", "EUR", MONDAY).rate
    assert abs(nok_usd * usd_eur - nok_eur) < Decimal("1e-9")


def test_currency_ecb_does_not_publish_is_refused_with_a_clear_error():
    with pytest.raises(CurrencyError, match="ECB publishes no rate for UAH"):
        convert(Money(Decimal("1000"), "UAH"), "USD", MONDAY)


def test_a_supplied_rate_converts_what_ecb_does_not_publish():
    result = convert(Money(Decimal("1000"), "UAH"), "USD", MONDAY, rate=Decimal("0.024"))
    assert result.converted.amount == Decimal("24.00")
    assert result.rate == Decimal("0.024")


@pytest.mark.parametrize("code", ["XXY", "US", "", "usdx", "ABC"])
def test_unknown_currency_codes_are_refused(code):
    with pytest.raises(CurrencyError):
        check_currency(code)


def test_parse_amount_keeps_every_digit():
    assert parse_amount("1234567.89") == Decimal("1234567.89")
    assert str(parse_amount("0.000001")) == "0.000001"


@pytest.mark.parametrize("text", ["1,234.5", "12 000", "1e5", "NaN", "abc", "", "-5", "1.2.3", "Infinity"])
def test_parse_amount_refuses_what_is_not_a_plain_decimal(text):
    with pytest.raises(ValidationError):
        parse_amount(text)


@given(cents=st.integers(min_value=1, max_value=10**15),
       day=st.dates(min_value=dt.date(2000, 1, 3), max_value=dt.date(2026, 10, 30)),
       currency=st.sampled_from(["EUR", "GBP", "NOK", "SEK", "DKK", "PLN", "CAD", "AUD", "JPY"]))
def test_conversion_is_traceable_to_its_rate(cents, day, currency):
    amount = Decimal(cents) / 100
    result = convert(Money(amount, currency), "USD", day)
    # the stored figure is exactly the original times the stored rate, to the cent
    assert result.converted.amount == (amount * result.rate).quantize(Decimal("0.01"))
    assert result.rate_date <= day and (day - result.rate_date).days <= 10
    assert result.original.amount == amount


class DayRates:
    """Rates of a few days, as a database would hold them after `ramstein rates import`."""

    def __init__(self, rates):
        self.rates = rates  # {(currency, day): units per EUR}

    def on_or_before(self, currency, on):
        days = [d for (c, d) in self.rates if c == currency and d <= on]
        return (max(days), self.rates[currency, max(days)]) if days else None

    def last_published(self):
        return max((d for _, d in self.rates), default=None)


def test_a_date_after_the_latest_published_rate_converts_at_that_rate_marked_provisional():
    last = BUNDLED.last_published()
    today = last + dt.timedelta(days=32)
    result = convert(Money(Decimal("200000000"), "CAD"), "USD", today)
    assert result.provisional and result.rate_date <= last
    assert result.rate == ecb_rate("CAD", "USD", last).rate


def test_a_rate_loaded_later_replaces_the_provisional_one():
    last = BUNDLED.last_published()
    day = last + dt.timedelta(days=32)
    loaded = LayeredRates(BUNDLED, DayRates({("USD", day): Decimal("1.2"), ("CAD", day): Decimal("1.6")}))
    result = convert(Money(Decimal("160"), "CAD"), "USD", day, history=loaded)
    assert not result.provisional and result.rate == Decimal("0.75") and result.rate_date == day
    assert result.converted.amount == Decimal("120.00")
    # a day after the loaded one is provisional again, at the loaded rate
    later = convert(Money(Decimal("160"), "CAD"), "USD", day + dt.timedelta(days=3), history=loaded)
    assert later.provisional and later.rate == Decimal("0.75")


def test_a_date_before_the_ecb_series_is_refused_naming_where_it_begins():
    with pytest.raises(CurrencyError, match="on or before 0001-01-01.*1999-01-04") as caught:
        convert(Money(Decimal("1"), "USD"), "EUR", dt.date(1, 1, 1))
    assert caught.value.field == "date"


def test_a_currency_the_ecb_stopped_publishing_is_refused_not_made_provisional():
    ended = DayRates({("USD", dt.date(2030, 1, 2)): Decimal("1.1"), ("SEK", dt.date(2029, 6, 1)): Decimal("11")})
    with pytest.raises(CurrencyError, match="stopped publishing SEK after 2029-06-01"):
        ecb_rate("SEK", "USD", dt.date(2030, 2, 1), ended)


def test_a_gap_longer_than_a_holiday_inside_the_history_is_refused():
    gappy = DayRates({("USD", dt.date(2030, 1, 2)): Decimal("1.1"), ("USD", dt.date(2030, 3, 2)): Decimal("1.2")})
    with pytest.raises(CurrencyError, match="within 10 days before 2030-02-01"):
        ecb_rate("USD", "EUR", dt.date(2030, 2, 1), gappy)
