"""Signed checkpoints of the event log's head (audit/signing.py), kept so anyone can copy them."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ramstein.db.base import Base, UTCDateTime


class Checkpoint(Base):
    __tablename__ = "checkpoints"

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), index=True)
    hash: Mapped[str] = mapped_column(String(64))
    # the signed time, exactly as signed (ISO 8601, UTC)
    at: Mapped[str] = mapped_column(String(40))
    key_id: Mapped[str] = mapped_column(String(16))
    signature: Mapped[str] = mapped_column(String(100))
    # why it was made: "release 12", "ramstein audit checkpoint"
    reason: Mapped[str] = mapped_column(String(100))
    made_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
