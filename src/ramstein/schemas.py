"""Schema pieces every feature shares: sources, and decimals written exactly without padding zeros."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer

from ramstein.errors import ValidationError
from ramstein.links import check_link
from ramstein.money import kept_exactly, not_kept, parse_amount


def exact(value: Decimal) -> str:
    """'1234567.890000' -> '1234567.89', '5E+8' -> '500000000': the value, all of it, nothing more."""
    text = format(value.normalize(), "f")
    return text


# a decimal read back as an exact string (JSON numbers would go through floats in most clients)
Exact = Annotated[Decimal, PlainSerializer(exact, return_type=str, when_used="json")]


def _plain(value: object) -> object:
    """Text must be a plain decimal (money.PLAIN_DECIMAL); JSON numbers are taken as they are."""
    if isinstance(value, str):
        try:
            parse_amount(value, allow_negative=True)
        except ValidationError as exc:
            raise ValueError(exc.message) from None
    return value


# an amount given to the ledger: '1_000', full-width digits or padded spaces are refused, as on import
Amount = Annotated[Decimal, BeforeValidator(_plain)]


def _kept(value: Decimal) -> Decimal:
    if not kept_exactly(value, 6):
        raise ValueError(not_kept(value))
    return value


# a figure given to the ledger (a price, a quantity): 6 decimal places at most, and only what every
# back end returns unchanged; refused, never rounded
Figure = Annotated[Decimal, BeforeValidator(_plain), Field(decimal_places=6), AfterValidator(_kept)]


def _web_link(url: str) -> str:
    try:
        return check_link(url, field="url")
    except ValidationError as exc:
        raise ValueError(exc.message) from None


# a source's URL: empty (the title says where the figure is from) or http(s), never a script link
SourceUrl = Annotated[str, AfterValidator(_web_link)]


class SourceIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: str = ""
    url: SourceUrl = ""


class SourceRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    title: str
    url: str
    confidence: str
