"""HTML form fields to the services' input schemas, and their errors back to the field they concern.

A form posts flat text fields; the schemas want lists, decimals and booleans. The conversion is here,
the rules stay in the services, so a message shown beside a field is the one the API would return.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
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


def _all(form: Mapping[str, Any], name: str) -> list[str]:
    getlist = getattr(form, "getlist", None)
    found = getlist(name) if getlist else [form.get(name) or ""]
    return [str(v or "").strip() for v in found]


def sources(form: Mapping[str, Any]) -> list[dict[str, str]]:
    """Every source row the form posts (title and URL by position), an emptied row left out: the form
    shows each source as a row, so a pledge keeps all its sources through an edit."""
    titles, urls = _all(form, "source_title"), _all(form, "source_url")
    rows = [{"title": t, "url": u} for t, u in zip(titles + [""] * (len(urls) - len(titles)),
                                                   urls + [""] * (len(titles) - len(urls)), strict=True)]
    return [r for r in rows if r["title"] or r["url"]]


def source_field(name: str, row: int) -> str:
    """The form field of a source row: `source_url` for the first (as before), `source_url-2` for the second."""
    return name if row == 0 else f"{name}-{row + 1}"


def pledge_fields(form: Mapping[str, Any]) -> dict[str, Any]:
    """The fields a pledge form posts, shaped like PledgeCreate/PledgeUpdate (status is not among them)."""
    disclosed = text(form, "disclosed") != "false"
    return {
        "date": optional(form, "date"), "amount": optional(form, "amount"),
        "currency": text(form, "currency").upper(), "confidence": text(form, "confidence"),
        "disclosed": disclosed, "categories": categories(form), "package_ref": optional(form, "package"),
        "note": text(form, "note"), "sources": sources(form),
    }


def form_values(form: Mapping[str, Any]) -> dict[str, Any]:
    """What the user typed, to show again beside the errors: one value per field, every source row."""
    return {**{k: form.get(k) for k in form}, "sources": sources(form)}


def field_name(loc: tuple[Any, ...]) -> str:
    names = [str(p) for p in loc if not isinstance(p, int)]
    if len(loc) >= 3 and loc[0] == "sources" and isinstance(loc[1], int):  # ('sources', 2, 'url')
        return source_field(FIELD_OF.get(names[-1], names[-1]), loc[1])
    return FIELD_OF.get(names[-1], names[-1]) if names else "form"


# pydantic's wording for a value of the wrong kind, said for people (others keep pydantic's message)
PLAIN = {"date_parsing": "not a date: use YYYY-MM-DD, e.g. 2025-10-01",
         "date_from_datetime_parsing": "not a date: use YYYY-MM-DD, e.g. 2025-10-01",
         "decimal_parsing": "not a number: use digits and a point, e.g. 250000000 or 1250.50",
         "int_parsing": "not a whole number", "missing": "this field is required",
         "decimal_max_places": "too many decimal places"}


def plain_message(err: Mapping[str, Any]) -> str:
    """A pydantic error as a sentence for the form: no 'Value error, ' prefix, no type names."""
    message = PLAIN.get(str(err.get("type", "")), str(err.get("msg", "invalid")))
    for prefix in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(prefix)
    return message


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
            errors.setdefault(field_name(tuple(err.get("loc", ()))), plain_message(err))
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


# the what-if form's fields, in the order their changes enter the CHANGES document
WHATIF_FIELDS = ("whatif_name", "pool_donor", "pool_amount", "pool_from", "delay_offer", "delay_months",
                 "min_eu_share", "changes")
# where an instance error found after the changes applied is shown: the field whose change touches that part
INSTANCE_FIELD = {"pools": "pool_amount", "offers": "delay_offer", "policy": "min_eu_share"}


def _number(form: Mapping[str, Any], name: str, errors: FormErrors, *, low: Decimal, high: Decimal | None,
            whole: bool, what: str) -> Decimal | None:
    raw = text(form, name).replace(",", "")
    try:
        value = Decimal(raw)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or (whole and value != value.to_integral_value()):
        errors[name] = f"{what} must be {'a whole number' if whole else 'a number'}, not {raw!r}"
        return None
    if value < low or (high is not None and value > high):
        bounds = f"from {low} to {high}" if high is not None else f"at least {low}"
        errors[name] = f"{what} must be {bounds}, not {raw}"
        return None
    return value


def scenario_from_form(form: Mapping[str, Any], nations: set[str], offers: set[str]
                       ) -> tuple[dict[str, Any] | None, list[str], FormErrors]:
    """The CHANGES document (allocation/scenario.py) the what-if fields describe, and for each change the
    form field that produced it (so an error the engine finds in change i is shown beside that field)."""
    errors, changes, fields = FormErrors(), [], []
    donor, amount = text(form, "pool_donor").upper(), text(form, "pool_amount")
    if donor or amount:
        if donor not in nations:
            errors["pool_donor"] = "choose the nation that gives the extra money" if not donor \
                else f"unknown nation {donor!r} (use ISO 3166-1 alpha-3, e.g. NLD)"
        if not amount:
            errors["pool_amount"] = "give the extra money in USD"
        else:
            value = _number(form, "pool_amount", errors, low=Decimal("0.01"), high=None, whole=False,
                            what="the extra money")
            if value is not None and value.as_tuple().exponent < -2:  # type: ignore[operator]
                errors["pool_amount"] = "the extra money has at most 2 decimal places (cents)"
        start = _number(form, "pool_from", errors, low=Decimal(0), high=Decimal(240), whole=True,
                        what="the month it is available from") if text(form, "pool_from") else Decimal(0)
        if not errors:
            changes.append({"op": "add_pool", "pool": {
                "id": f"what-if-{donor}", "donor": donor, "amount": format(Decimal(amount.replace(",", "")), "f"),
                "available_from": int(start or 0)}})
            fields.append("pool_amount")
    offer, months = text(form, "delay_offer"), text(form, "delay_months")
    if offer or months:
        if offer not in offers:
            errors["delay_offer"] = "choose the offer to delay" if not offer else f"unknown offer {offer!r}"
        found = _number(form, "delay_months", errors, low=Decimal(1), high=Decimal(120), whole=True,
                        what="the delay") if months else None
        if not months:
            errors["delay_months"] = "give the delay in months"
        if "delay_offer" not in errors and found is not None:
            changes.append({"op": "delay_offer", "offer": offer, "months": int(found)})
            fields.append("delay_offer")
    if text(form, "min_eu_share"):
        share = _number(form, "min_eu_share", errors, low=Decimal(0), high=Decimal(100), whole=False,
                        what="the minimum EU share")
        if share is not None:
            changes.append({"op": "set_share", "kind": "min", "region": "EU", "share": float(share / 100)})
            fields.append("min_eu_share")
    if text(form, "changes"):
        try:
            extra = json.loads(text(form, "changes"))
        except json.JSONDecodeError as exc:
            errors["changes"] = f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
            extra = []
        if isinstance(extra, dict):
            extra = extra.get("changes")
        if not isinstance(extra, list) or not all(isinstance(c, dict) for c in extra):
            errors.setdefault("changes", 'give a list of changes, e.g. [{"op": "scale_pool", "pool": "pledge-1", '
                                         '"factor": 1.5}]')
        else:
            changes += extra
            fields += ["changes"] * len(extra)
    if not changes and not errors:
        errors["form"] = "fill in at least one change to run a what-if"
    if errors:
        return None, fields, errors
    return {"name": text(form, "whatif_name") or "what-if", "changes": changes}, fields, errors


def scenario_error_field(errors: FormErrors, fields: list[str]) -> FormErrors:
    """Move an error the engine reported on `changes[i]...` or on the changed instance to the form field."""
    moved = FormErrors()
    moved.status = errors.status
    for key, message in errors.items():
        found = re.match(r"changes\[(\d+)\]", key)
        part = re.match(r"(\w+)", key)
        if found and int(found.group(1)) < len(fields):
            target = fields[int(found.group(1))]
        elif part and part.group(1) in INSTANCE_FIELD:
            target = INSTANCE_FIELD[part.group(1)]
        else:
            target = key if key in WHATIF_FIELDS else "form"
        moved.setdefault(target, message)
    return moved
