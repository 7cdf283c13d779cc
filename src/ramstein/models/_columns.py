"""Column helpers shared by the models."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime
from sqlalchemy.orm import Mapped, mapped_column


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def created_at() -> Mapped[dt.datetime]:
    return mapped_column(DateTime(timezone=True), default=utcnow)


def updated_at() -> Mapped[dt.datetime]:
    return mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)
