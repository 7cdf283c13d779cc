"""Each committed import with its file's content hash, so that running it again adds nothing."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ramstein.db.base import Base, UTCDateTime


class ImportRun(Base):
    __tablename__ = "imports"
    __table_args__ = (UniqueConstraint("kind", "sha256", name="uq_imports_kind_sha256"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    # SHA-256 of the file's bytes: the same content under another name is the same import
    sha256: Mapped[str] = mapped_column(String(64))
    file_name: Mapped[str] = mapped_column(Text)
    rows: Mapped[int] = mapped_column(Integer)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    by: Mapped[str] = mapped_column(String(100))
