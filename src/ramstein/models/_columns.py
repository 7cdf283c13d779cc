"""Column helpers shared by the models."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Mapped, mapped_column

from ramstein.db.base import UTCDateTime


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def created_at() -> Mapped[dt.datetime]:
    return mapped_column(UTCDateTime(), default=utcnow)


def updated_at() -> Mapped[dt.datetime]:
    return mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
