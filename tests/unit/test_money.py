import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ramstein.errors import CurrencyError, ValidationError
from ramstein.money import Money, check_currency, convert, ecb_rate, parse_amount

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
    rate, day = ecb_rate("EUR", "USD", saturday)
    assert day == dt.date(2025, 8, 1)
    assert rate == ecb_rate("EUR", "USD", dt.date(2025, 8, 1))[0]


def test_cross_rate_goes_through_the_euro():
    nok_usd, _ = ecb_rate("NOK", "USD", MONDAY)
    usd_eur, _ = ecb_rate("USD", "EUR", MONDAY)
    nok_eur, _ = ecb_rate("NOK", "EUR", MONDAY)
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
