"""Requirement line schemas. need_by is a month (YYYY-MM); weight defaults from priority."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ramstein.schemas import Exact, Figure


def parse_month(value: object) -> dt.date:
    """`YYYY-MM` (or a date) to the first day of that month."""
    if isinstance(value, dt.date):
        return value.replace(day=1)
    text = str(value).strip()
    try:
        year, month = text[:7].split("-")
        if len(text) not in (7, 10) or len(year) != 4:
            raise ValueError
        day = dt.date(int(year), int(month), 1)
        if len(text) == 10:
            dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"not a month: {text!r} (use YYYY-MM)") from None
    return day


class RequirementLineIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    ref: str = Field(min_length=1, max_length=40)
    item: str = Field(min_length=1, max_length=120)
    category: str = Field(min_length=1, max_length=40, pattern=r"^[a-z_]+$")
    quantity: Figure = Field(gt=0)
    priority: int = Field(ge=1)
    weight: Figure | None = Field(default=None, gt=0)
    need_by: dt.date
    illustrative: bool = False
    note: str = ""

    _month = field_validator("need_by", mode="before")(parse_month)


class RequirementLineRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    ref: str
    item: str
    category: str
    quantity: Exact
    priority: int
    weight: Exact | None
    effective_weight: Exact
    need_by: str
    illustrative: bool
    note: str
    version: int
