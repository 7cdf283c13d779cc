"""Idempotency keys: the first response to a keyed POST, replayed to retries for at least 24 hours."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ramstein.db.base import Base
from ramstein.models._columns import created_at


class IdempotencyKey(Base):
    __tablename__ = "idempotency_keys"
    __table_args__ = (UniqueConstraint("actor", "key", name="actor_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    actor: Mapped[str] = mapped_column(String(100))
    key: Mapped[str] = mapped_column(String(200))
    method: Mapped[str] = mapped_column(String(8))
    path: Mapped[str] = mapped_column(String(400))
    body_hash: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int] = mapped_column(Integer)
    response: Mapped[dict | list | None] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = created_at()
