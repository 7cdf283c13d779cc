"""Small instance documents with keyword defaults, so each test states only what it is about."""

from __future__ import annotations

from typing import Any


def pool(id: str = "P1", amount: str = "1000", categories: list[str] | None = None, available_from: int = 0):
    return {"id": id, "donor": "NLD", "amount": amount, "categories": categories, "available_from": available_from}


def line(id: str = "R1", item: str = "shell", category: str = "artillery", quantity: float = 10,
         weight: float = 10, need_by: int = 0, priority: int | None = None) -> dict[str, Any]:
    out = {"id": id, "item": item, "category": category, "quantity": quantity, "weight": weight, "need_by": need_by}
    if priority is not None:
        out["priority"] = priority
    return out


def offer(id: str = "O1", item: str = "shell", price: str = "10", lead_time: int = 0, capacity: Any = 100,
          region: str = "US", min_order: float = 0, integer: bool = False) -> dict[str, Any]:
    return {"id": id, "item": item, "supplier": "ACME", "region": region, "unit_price": price,
            "lead_time": lead_time, "capacity": capacity, "min_order": min_order, "integer": integer}


def instance(pools=None, requirements=None, offers=None, horizon: int = 1, discount: float = 0.5,
             policy: dict | None = None) -> dict[str, Any]:
    doc = {"version": 1, "currency": "USD", "start": "2026-01", "horizon_months": horizon, "discount": discount,
           "pools": [pool()] if pools is None else pools,
           "requirements": [line()] if requirements is None else requirements,
           "offers": [offer()] if offers is None else offers}
    if policy is not None:
        doc["policy"] = policy
    return doc
