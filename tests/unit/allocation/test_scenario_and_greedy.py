"""Scenario changes, plan comparison, the greedy baseline and the tie-break option."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ramstein.allocation import SolveOptions, problem_from_dict, solve, to_json
from ramstein.allocation.generate import random_instance
from ramstein.allocation.greedy import solve_greedy
from ramstein.allocation.scenario import apply_changes, compare
from ramstein.errors import ValidationError

from .builders import instance, line, offer, pool
from .plan_checker import check_plan


@pytest.fixture
def problem():
    return problem_from_dict(instance(
        horizon=3, pools=[pool(amount="1000")],
        requirements=[line("A", item="a", weight=10, priority=2), line("B", item="b", weight=5, priority=4)],
        offers=[offer("OA", item="a", price="100", capacity=4), offer("OB", item="b", price="10")]))


def test_each_change_lands_where_it_should(problem):
    changed = apply_changes(problem, {"name": "all", "changes": [
        {"op": "add_pool", "pool": {"id": "P2", "donor": "DEU", "amount": "50"}},
        {"op": "scale_pool", "pool": "P1", "factor": 1.5},
        {"op": "scale_offer", "offer": "OA", "capacity": 0.5, "price": 1.1},
        {"op": "delay_offer", "offer": "OB", "months": 2},
        {"op": "set_priority", "requirement": "B", "priority": 1},
        {"op": "set_weight", "requirement": "A", "weight": 7},
        {"op": "set_share", "kind": "min", "region": "EU", "share": 0.3},
    ]})
    assert changed.pools.ids == ("P1", "P2") and changed.pools.amounts == (Decimal("1500.00"), Decimal("50"))
    assert changed.offers.capacity[0].tolist() == [2, 2, 2] and changed.offers.unit_prices[0] == Decimal("110.00")
    assert changed.offers.lead_time.tolist() == [0, 2]
    assert changed.requirements.priority.tolist() == [2, 1]
    assert changed.requirements.weight.tolist() == [7, 20]  # 5 * old priority 4 / new priority 1
    assert changed.policy.min_share == (("EU", 0.3),)
    assert problem.pools.ids == ("P1",)  # the original is untouched
    assert changed.name.endswith("+ all")


def test_set_mode_switches_how_priorities_count_and_a_bad_mode_is_refused(problem):
    assert problem.priority_mode == "weighted"
    changed = apply_changes(problem, {"changes": [{"op": "set_mode", "priority_mode": "lexicographic"}]})
    assert changed.priority_mode == "lexicographic"
    plan = solve(changed)
    assert plan.priority_mode == "lexicographic" and [p for p, _ in plan.tiers] == [2, 4]
    assert to_json(plan)["priority_mode"] == "lexicographic"
    with pytest.raises(ValidationError) as caught:
        apply_changes(problem, {"changes": [{"op": "set_mode", "priority_mode": "first come"}]})
    assert caught.value.field == "changes[0].priority_mode"


def test_a_change_naming_something_unknown_is_refused_with_its_path(problem):
    with pytest.raises(ValidationError) as caught:
        apply_changes(problem, {"changes": [{"op": "scale_pool", "pool": "P1", "factor": 2},
                                            {"op": "delay_offer", "offer": "O9", "months": 1}]})
    assert caught.value.field == "changes[1].offer" and "O9" in str(caught.value)
    with pytest.raises(ValidationError, match=r"changes\[0\]\.op"):
        apply_changes(problem, {"changes": [{"op": "burn_money"}]})


def test_comparison_reports_value_cost_categories_and_moved_lines(problem):
    """Base, 1000: B in full (100, value 5); A 4 units in month 0 (value 4), 4 in month 1 (4 * 0.5), 1 in
    month 2 (0.25): value 11.25, cost 1000. With 1500: A's last 2 units in month 2 (200, +1 * 0.25):
    value 11.5, cost 1100. Artillery (both lines, weights 10 and 5): 14/15 met, then all."""
    base = solve(problem)
    richer = apply_changes(problem, {"changes": [{"op": "scale_pool", "pool": "P1", "factor": 1.5}]})
    other = solve(richer)
    c = compare(problem, base, richer, other)
    assert c.value == pytest.approx((11.25, 11.5))
    assert c.cost == (Decimal(1000), Decimal(1100))
    assert c.changed_lines == (("A", 9.0, 10.0),)
    assert c.categories == (("artillery", pytest.approx(14 / 15), pytest.approx(1.0)),)


def test_greedy_is_feasible_and_never_beats_the_optimum():
    for seed in range(4):
        doc = random_instance(seed, pools=4, lines=25, offers=10, months=6)
        problem = problem_from_dict(doc)
        greedy = solve_greedy(problem)
        violations, value = check_plan(doc, to_json(greedy))
        assert violations == []
        assert value == pytest.approx(greedy.objective, rel=1e-9)
        assert greedy.objective <= solve(problem).objective * (1 + 1e-9)


def test_greedy_serves_priority_first_from_the_cheapest_offer():
    """100 to spend. Priority 1 line takes 10 units from the 5-each offer (50), priority 2 the rest."""
    doc = instance(pools=[pool(amount="100")],
                   requirements=[line("LOW", priority=2, quantity=100), line("TOP", priority=1, quantity=10)],
                   offers=[offer("DEAR", price="8"), offer("CHEAP", price="5")])
    plan = solve_greedy(problem_from_dict(doc))
    firsts = [(o.requirement, o.offer, o.quantity) for o in plan.orders]
    assert ("TOP", "CHEAP", 10) in firsts
    assert plan.fulfilment_of("LOW").ordered == pytest.approx(10)  # the 50 left, at 5 each


def test_tie_break_changes_cost_but_not_value():
    doc = random_instance(11, pools=3, lines=30, offers=12, months=6, money_share=3.0)
    problem = problem_from_dict(doc)
    plain = solve(problem, SolveOptions(tie_break=False, solver="highs"))
    cheap = solve(problem, SolveOptions(solver="highs"))
    assert cheap.objective >= plain.objective * (1 - 1e-9)
    assert cheap.total_cost <= plain.total_cost
