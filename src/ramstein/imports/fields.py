"""Strict parsing of text cells: what a spreadsheet user typed is taken exactly or refused, never guessed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ramstein.errors import ValidationError
from ramstein.links import SOURCE_SEPARATOR
from ramstein.money import parse_amount

TRUE = {"true", "yes", "1", "y"}
FALSE = {"false", "no", "0", "n"}


def parse_date(text: str, field: str) -> dt.date:
    try:
        if len(text) != 10:
            raise ValueError
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValidationError(f"not a date: {text!r} (use YYYY-MM-DD)", field=field) from None


def parse_bool(text: str, field: str, default: bool | None = None) -> bool:
    low = text.strip().lower()
    if not low and default is not None:
        return default
    if low in TRUE:
        return True
    if low in FALSE:
        return False
    raise ValidationError(f"not true/false: {text!r}", field=field)


def parse_decimal(text: str, field: str) -> Decimal | None:
    return parse_amount(text, field=field) if text.strip() else None


def parse_int(text: str, field: str) -> int:
    if not text.strip().isdigit():
        raise ValidationError(f"not a whole number: {text!r}", field=field)
    return int(text)


def parse_sources(titles: str, urls: str) -> list[dict[str, str]]:
    """Several sources separated by ' | ', titles and URLs paired by position."""
    t = [x.strip() for x in titles.split(SOURCE_SEPARATOR.strip())] if titles.strip() else []
    u = [x.strip() for x in urls.split(SOURCE_SEPARATOR.strip())] if urls.strip() else []
    if t and u and len(t) != len(u):
        raise ValidationError(f"{len(t)} source titles but {len(u)} source URLs (pair them with ' | ')",
                              field="source_url")
    count = max(len(t), len(u))
    sources = [{"title": t[i] if t else "", "url": u[i] if u else ""} for i in range(count)]
    if not any(s["title"] or s["url"] for s in sources):
        raise ValidationError("a source URL (or source_title) is required", field="source_url")
    return sources


def parse_list(text: str) -> list[str] | None:
    items = [x.strip() for x in text.split(";") if x.strip()]
    return items or None
