"""Offers drawn from stocks: a fixed quantity over the horizon, handed over within weeks."""

from __future__ import annotations

import pytest

from ramstein.allocation import problem_from_dict, solve, to_json
from ramstein.allocation.instance import problem_to_dict
from ramstein.errors import ValidationError

from .plan_checker import solve_checked


def doc(**stock):
    return {"version": 1, "currency": "USD", "start": "2026-01", "horizon_months": 12, "discount": 0.9,
            "pools": [{"id": "P", "donor": "NLD", "amount": "10000"}],
            "requirements": [{"id": "R1", "item": "PAC-3 MSE", "category": "air_defense", "quantity": 8,
                              "priority": 1, "weight": 100, "need_by": 1}],
            "offers": [
                {"id": "STOCK", "item": "PAC-3 MSE", "supplier": "US Army stocks", "region": "US",
                 "unit_price": "100", "lead_time": 0, "capacity": 10, "source": "stock",
                 "available_quantity": 3, **stock},
                {"id": "NEW", "item": "PAC-3 MSE", "supplier": "Lockheed Martin", "region": "US",
                 "unit_price": "100", "lead_time": 6, "capacity": 10}]}


def test_stock_is_used_first_for_what_is_needed_now_and_never_beyond_what_is_available():
    plan, _ = solve_checked(doc())
    from_stock = sum(o.quantity for o in plan.orders if o.offer == "STOCK")
    from_production = sum(o.quantity for o in plan.orders if o.offer == "NEW")
    assert from_stock == pytest.approx(3) and from_production == pytest.approx(5)
    assert all(o.delivery_month <= 1 for o in plan.orders if o.offer == "STOCK")


def test_a_stock_offer_round_trips_through_the_instance_document():
    again = problem_to_dict(problem_from_dict(doc()))
    assert again["offers"][0]["source"] == "stock" and again["offers"][0]["available_quantity"] == 3
    assert "source" not in again["offers"][1]
    assert to_json(solve(problem_from_dict(again)))["status"] == "optimal"


@pytest.mark.parametrize("change, field", [
    ({"lead_time": 3}, "offers[0].lead_time"),
    ({"available_quantity": -1}, "offers[0].available_quantity"),
])
def test_a_stock_offer_that_is_not_stock_like_is_refused_naming_the_field(change, field):
    with pytest.raises(ValidationError) as caught:
        problem_from_dict(doc(**change))
    assert caught.value.field == field


def test_stock_needs_its_quantity_and_production_has_none():
    missing = doc()
    del missing["offers"][0]["available_quantity"]
    with pytest.raises(ValidationError, match="needs the units available"):
        problem_from_dict(missing)
    extra = doc()
    extra["offers"][1]["available_quantity"] = 5
    with pytest.raises(ValidationError, match="only a stock offer"):
        problem_from_dict(extra)
