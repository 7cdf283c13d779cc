"""Schema pieces every feature shares: sources, and decimals written exactly without padding zeros."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, ConfigDict, PlainSerializer


def exact(value: Decimal) -> str:
    """'1234567.890000' -> '1234567.89', '5E+8' -> '500000000': the value, all of it, nothing more."""
    text = format(value.normalize(), "f")
    return text


# a decimal read back as an exact string (JSON numbers would go through floats in most clients)
Exact = Annotated[Decimal, PlainSerializer(exact, return_type=str, when_used="json")]


class SourceIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: str = ""
    url: str = ""


class SourceRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    title: str
    url: str
    confidence: str
