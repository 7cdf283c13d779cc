"""Instance files: JSON in, validated against the shipped schema, out as a `Problem` (and back).

Errors name the JSON path and the reason (`requirements[3].quantity: must be > 0`), because the
person reading them is editing a file, not reading a stack trace.
"""

from __future__ import annotations

import json
from decimal import Decimal
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import numpy as np

from ramstein.errors import ValidationError

from .problem import Offers, Policy, Pools, Problem, Requirements, frozen_array


@cache
def load_schema(name: str) -> dict[str, Any]:
    """One of the JSON schemas shipped in the package: `instance` or `plan`."""
    text = resources.files("ramstein.allocation").joinpath(f"schemas/{name}.schema.json").read_text()
    return json.loads(text)


def json_path(parts) -> str:
    """`["requirements", 3, "quantity"]` -> `requirements[3].quantity`."""
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "$"


def _reason(error: jsonschema.ValidationError) -> tuple[list, str]:
    """A short reason for one schema error, and the path it belongs to."""
    path, kind, arg = list(error.absolute_path), error.validator, error.validator_value
    if kind == "required":
        missing = error.message.split("'")[1]
        return path + [missing], "is required"
    if kind == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        return path + [extra[0] if extra else "?"], "is not a known field"
    return path, _short_reason(kind, arg, error.message)


def _short_reason(kind: str, arg: Any, fallback: str) -> str:
    match kind:
        case "exclusiveMinimum":
            return f"must be > {arg}"
        case "minimum":
            return f"must be >= {arg}"
        case "exclusiveMaximum":
            return f"must be < {arg}"
        case "maximum":
            return f"must be <= {arg}"
        case "type":
            return f"must be of type {' or '.join(arg) if isinstance(arg, list) else arg}"
        case "pattern":
            return 'must be a decimal string like "1250000.50"' if "0-9]+(" in str(arg) else f"must match {arg}"
        case "const":
            return f"must be {arg!r}"
        case "enum":
            return f"must be one of {arg}"
        case "minLength":
            return "must not be empty"
        case "oneOf":
            return "must be a number >= 0 or a list of numbers >= 0"
    return fallback



def validate_instance(data: Any) -> None:
    """Raise `ValidationError` for the first problem, schema first, then cross-field rules."""
    validator = jsonschema.Draft202012Validator(load_schema("instance"))
    errors = sorted(validator.iter_errors(data), key=lambda e: (list(map(str, e.absolute_path)), e.validator))
    if errors:
        path, reason = _reason(errors[0])
        where = json_path(path)
        raise ValidationError(f"{where}: {reason}", field=where)
    _check_semantics(data)


def _check_semantics(data: dict) -> None:
    """Rules a JSON schema cannot say: unique ids, profile lengths, sensible min orders."""
    for key in ("pools", "requirements", "offers"):
        seen: set[str] = set()
        for i, entry in enumerate(data[key]):
            if entry["id"] in seen:
                raise ValidationError(f"{key}[{i}].id: duplicate id {entry['id']!r}", field=f"{key}[{i}].id")
            seen.add(entry["id"])
    horizon = data["horizon_months"]
    for i, offer in enumerate(data["offers"]):
        cap = offer["capacity"]
        if isinstance(cap, list) and len(cap) != horizon:
            where = f"offers[{i}].capacity"
            raise ValidationError(f"{where}: must have horizon_months ({horizon}) figures, not {len(cap)}",
                                  field=where)
        _check_source(offer, f"offers[{i}]")


def _check_source(offer: dict, where: str) -> None:
    """Stock is handed over within weeks (lead time 0 or 1) from a known quantity; production has neither."""
    stock = offer.get("source") == "stock"
    if stock and "available_quantity" not in offer:
        raise ValidationError(f"{where}.available_quantity: a stock offer needs the units available",
                              field=f"{where}.available_quantity")
    if stock and offer["lead_time"] > 1:
        raise ValidationError(f"{where}.lead_time: a stock offer is delivered within weeks (0 or 1 month), "
                              f"not {offer['lead_time']}", field=f"{where}.lead_time")
    if not stock and "available_quantity" in offer:
        raise ValidationError(f"{where}.available_quantity: only a stock offer has one (set source to stock)",
                              field=f"{where}.available_quantity")


def problem_from_dict(data: Any) -> Problem:
    """Validate an instance document and build the `Problem` snapshot."""
    validate_instance(data)
    horizon = int(data["horizon_months"])
    policy = data.get("policy") or {}
    return Problem(
        currency=data["currency"], start=data["start"], horizon=horizon, discount=float(data["discount"]),
        pools=_pools(data["pools"]), requirements=_requirements(data["requirements"]),
        offers=_offers(data["offers"], horizon),
        policy=Policy(min_share=tuple(sorted((policy.get("min_spend_share") or {}).items())),
                      max_share=tuple(sorted((policy.get("max_spend_share") or {}).items()))),
        name=data.get("name"), priority_mode=data.get("priority_mode", "weighted"),
    )


def load_instance(path: str | Path) -> Problem:
    """Read and validate an instance file; bad JSON is a `ValidationError` too."""
    try:
        data = json.loads(Path(path).read_text())
    except json.JSONDecodeError as exc:
        raise ValidationError(f"{path}: not valid JSON ({exc.msg} at line {exc.lineno})", field="$") from None
    except OSError as exc:
        raise ValidationError(f"{path}: cannot read ({exc.strerror})", field="$") from None
    return problem_from_dict(data)


def _pools(rows: list[dict]) -> Pools:
    return Pools(
        ids=tuple(r["id"] for r in rows), donors=tuple(r["donor"] for r in rows),
        amounts=tuple(Decimal(r["amount"]) for r in rows),
        categories=tuple(tuple(r["categories"]) if r.get("categories") is not None else None for r in rows),
        available_from=frozen_array([r.get("available_from", 0) for r in rows], np.int64),
    )


def _requirements(rows: list[dict]) -> Requirements:
    return Requirements(
        ids=tuple(r["id"] for r in rows), items=tuple(r["item"] for r in rows),
        categories=tuple(r["category"] for r in rows),
        quantity=frozen_array([r["quantity"] for r in rows], np.float64),
        priority=frozen_array([r.get("priority", 0) for r in rows], np.int64),
        weight=frozen_array([r["weight"] for r in rows], np.float64),
        need_by=frozen_array([r["need_by"] for r in rows], np.int64),
    )


def _offers(rows: list[dict], horizon: int) -> Offers:
    capacity = np.zeros((len(rows), horizon))
    for i, r in enumerate(rows):
        capacity[i, :] = r["capacity"]
    capacity.setflags(write=False)
    return Offers(
        ids=tuple(r["id"] for r in rows), items=tuple(r["item"] for r in rows),
        suppliers=tuple(r["supplier"] for r in rows), origins=tuple(r.get("origin") for r in rows),
        regions=tuple(r["region"] for r in rows), sites=tuple(r.get("site") for r in rows),
        unit_prices=tuple(Decimal(r["unit_price"]) for r in rows),
        lead_time=frozen_array([r["lead_time"] for r in rows], np.int64), capacity=capacity,
        capacity_is_profile=tuple(isinstance(r["capacity"], list) for r in rows),
        min_order=frozen_array([r.get("min_order", 0) for r in rows], np.float64),
        integer=frozen_array([bool(r.get("integer", False)) for r in rows], bool),
        stock=frozen_array([r.get("source") == "stock" for r in rows], bool),
        available=frozen_array([r["available_quantity"] if r.get("source") == "stock" else np.inf for r in rows],
                               np.float64),
    )


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else float(value)


def problem_to_dict(problem: Problem) -> dict[str, Any]:
    """The instance document for a `Problem`, so that anyone can re-solve what we solved."""
    p, r, o = problem.pools, problem.requirements, problem.offers
    doc: dict[str, Any] = {"version": 1}
    if problem.name is not None:
        doc["name"] = problem.name
    doc.update(currency=problem.currency, start=problem.start, horizon_months=problem.horizon,
               discount=problem.discount, priority_mode=problem.priority_mode)
    doc["pools"] = [
        {"id": p.ids[i], "donor": p.donors[i], "amount": str(p.amounts[i]),
         "categories": list(p.categories[i]) if p.categories[i] is not None else None,
         "available_from": int(p.available_from[i])} for i in range(len(p))]
    doc["requirements"] = [
        {"id": r.ids[i], "item": r.items[i], "category": r.categories[i], "quantity": _number(r.quantity[i]),
         **({"priority": int(r.priority[i])} if r.priority[i] > 0 else {}),
         "weight": _number(r.weight[i]), "need_by": int(r.need_by[i])} for i in range(len(r))]
    doc["offers"] = [_offer_dict(o, i) for i in range(len(o))]
    if problem.policy:
        doc["policy"] = {"min_spend_share": dict(problem.policy.min_share),
                         "max_spend_share": dict(problem.policy.max_share)}
    return doc


def _offer_dict(o: Offers, i: int) -> dict[str, Any]:
    cap = [_number(c) for c in o.capacity[i]] if o.capacity_is_profile[i] else _number(o.capacity[i, 0])
    out = {"id": o.ids[i], "item": o.items[i], "supplier": o.suppliers[i], "region": o.regions[i],
           "unit_price": str(o.unit_prices[i]), "lead_time": int(o.lead_time[i]), "capacity": cap,
           "min_order": _number(o.min_order[i]), "integer": bool(o.integer[i])}
    if o.stock[i]:
        out.update(source="stock", available_quantity=_number(o.available[i]))
    out.update({k: v for k, v in (("origin", o.origins[i]), ("site", o.sites[i])) if v is not None})
    return out
