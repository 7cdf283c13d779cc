"""Response envelopes shared by every list endpoint."""

from __future__ import annotations

from pydantic import BaseModel


class Paginated[T](BaseModel):
    items: list[T]
    total: int
