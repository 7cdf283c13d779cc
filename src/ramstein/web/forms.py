"""HTML form fields to the services' input schemas, and their errors back to the field they concern.

A form posts flat text fields; the schemas want lists, decimals and booleans. The conversion is here,
the rules stay in the services, so a message shown beside a field is the one the API would return.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import pydantic

from ramstein.api.errors import STATUS
from ramstein.errors import RamsteinError

T = TypeVar("T")
# schema locations to the form field that shows their error
FIELD_OF = {"sources": "source_url", "title": "source_title", "url": "source_url", "package_ref": "package"}


def text(form: Mapping[str, Any], name: str) -> str:
    return str(form.get(name) or "").strip()


def optional(form: Mapping[str, Any], name: str) -> str | None:
    return text(form, name) or None


def categories(form: Mapping[str, Any]) -> list[str] | None:
    found = [c.strip() for c in text(form, "categories").replace(",", ";").split(";") if c.strip()]
    return found or None


def pledge_fields(form: Mapping[str, Any]) -> dict[str, Any]:
    """The fields a pledge form posts, shaped like PledgeCreate/PledgeUpdate (status is not among them)."""
    disclosed = text(form, "disclosed") != "false"
    return {
        "date": optional(form, "date"), "amount": optional(form, "amount"),
        "currency": text(form, "currency").upper(), "confidence": text(form, "confidence"),
        "disclosed": disclosed, "categories": categories(form), "package_ref": optional(form, "package"),
        "note": text(form, "note"),
        "sources": [{"title": text(form, "source_title"), "url": text(form, "source_url")}],
    }


def field_name(loc: tuple[Any, ...]) -> str:
    names = [str(p) for p in loc if not isinstance(p, int)]
    return FIELD_OF.get(names[-1], names[-1]) if names else "form"


class FormErrors(dict[str, str]):
    """Messages keyed by form field, and the status the page answers with (as the API would)."""

    status = 422


def attempt(call: Callable[[], T]) -> tuple[T | None, FormErrors]:
    """Run a schema build or service call; on a user error, its messages keyed by form field."""
    errors = FormErrors()
    try:
        return call(), errors
    except pydantic.ValidationError as exc:
        for err in exc.errors():
            errors.setdefault(field_name(tuple(err.get("loc", ()))), str(err.get("msg", "invalid")))
        return None, errors
    except RamsteinError as exc:
        if exc.code in ("forbidden", "unauthenticated"):
            raise
        errors[FIELD_OF.get(exc.field or "", exc.field or "form")] = exc.message
        errors.status = next(code for kind, code in STATUS if isinstance(exc, kind))
        return None, errors


LINE_FIELDS = ("ref", "item", "category", "quantity", "priority", "weight", "need_by", "note")


def line_fields(form: Mapping[str, Any]) -> dict[str, Any]:
    """A requirement line as RequirementLineIn wants it; an empty weight means 'derive from priority'."""
    values: dict[str, Any] = {name: text(form, name) for name in LINE_FIELDS}
    values["weight"] = values["weight"] or None
    values["illustrative"] = text(form, "illustrative") == "true"
    return values


def line_values(line: Any, ref: str) -> dict[str, Any]:
    """A line's current values for its edit form; a new line starts with only its ref."""
    if line is None:
        return {"ref": "" if ref == "new" else ref}
    values = {name: getattr(line, name) for name in LINE_FIELDS}
    values.update(need_by=line.need_by.strftime("%Y-%m"), weight=line.weight or "",
                  illustrative="true" if line.illustrative else "false")
    return values
