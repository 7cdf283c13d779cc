"""Response envelopes shared by every list endpoint."""

from __future__ import annotations

from typing import Generic, TypeVar

from pydantic import BaseModel

T = TypeVar("T")


class Paginated(BaseModel, Generic[T]):
    items: list[T]
    total: int


class ErrorBody(BaseModel):
    code: str
    message: str
    field: str | None


# documented on every router so clients (and schemathesis) know what a 4xx looks like
ERROR_RESPONSES: dict[int | str, dict[str, object]] = {
    status: {"model": ErrorBody} for status in (400, 401, 403, 404, 409, 412, 413, 422, 428, 429)
}
