"""Releases: numbered publications of what the public may see (like the Kiel tracker's releases)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ramstein.db.base import Base, UTCDateTime


class Release(Base):
    __tablename__ = "releases"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    released_by: Mapped[str] = mapped_column(String(100))
    note: Mapped[str] = mapped_column(Text, default="")
    # what it made public: {"pledges": [ids], "offers": [refs], "requirement_versions": [n], "packages": [refs]}
    contents: Mapped[dict] = mapped_column(JSON)
