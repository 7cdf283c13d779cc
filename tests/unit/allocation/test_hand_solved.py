"""Tiny instances solved by hand; the arithmetic is in each docstring. Every constraint family appears."""

from __future__ import annotations

import pytest

from .builders import instance, line, offer, pool
from .plan_checker import solve_checked

SOLVERS = ["highs", "glop", "highs-ipm", "highs-sift"]


def quantities(plan) -> dict[tuple[str, str, int], float]:
    out: dict[tuple[str, str, int], float] = {}
    for o in plan.orders:
        out[o.requirement, o.offer, o.month] = out.get((o.requirement, o.offer, o.month), 0) + o.quantity
    return out


@pytest.mark.parametrize("solver", SOLVERS)
def test_money_goes_first_to_the_most_value_per_dollar(solver):
    """Pool 1000. A: 10 units at 100, worth 10 in full -> 0.01 value/$. B: 10 units at 10, worth 5 -> 0.05/$.
    B in full costs 100 (value 5); the 900 left buy 9 units of A (value 9). Value 14, cost 1000,
    A short for money, and one more dollar is worth A's 0.01."""
    doc = instance(
        requirements=[line("A", item="a", weight=10), line("B", item="b", weight=5)],
        offers=[offer("OA", item="a", price="100"), offer("OB", item="b", price="10")])
    plan, written = solve_checked(doc, solver=solver)
    assert plan.status == "optimal"
    assert plan.objective == pytest.approx(14)
    assert written["total_cost"] == "1000"
    assert plan.fulfilment_of("A").ordered == pytest.approx(9)
    assert plan.fulfilment_of("A").reason == "money"
    assert plan.fulfilment_of("B").reason is None
    assert dict(plan.duals.pools)["P1"] == pytest.approx(0.01)


@pytest.mark.parametrize("solver", SOLVERS)
def test_capacity_spreads_orders_over_months_and_late_units_are_discounted(solver):
    """10 units needed by month 0, 4 a month, discount 0.5, 3 months: 4*1 + 4*0.5 + 2*0.25 = 6.5.
    One more unit in month 0 moves a unit from month 2: +1 - 0.25 = 0.75; in month 1: +0.5 - 0.25 = 0.25."""
    doc = instance(horizon=3, requirements=[line(quantity=10, weight=10)], offers=[offer(capacity=4, price="1")])
    plan, _ = solve_checked(doc, solver=solver)
    assert plan.objective == pytest.approx(6.5)
    assert quantities(plan) == {("R1", "O1", 0): 4, ("R1", "O1", 1): 4, ("R1", "O1", 2): 2}
    assert plan.fulfilment_of("R1").reason is None
    duals = {(c.offer, c.month): c.value for c in plan.duals.capacity}
    assert duals == pytest.approx({("O1", 0): 0.75, ("O1", 1): 0.25})


@pytest.mark.parametrize("solver", SOLVERS)
def test_capacity_profile_and_lead_time_shift_delivery(solver):
    """Profile [0, 5, 5], lead 1, need by 2, horizon 3: only month 1 can deliver in time (month 2 would
    deliver in 3, outside). 5 of 8 units, value 8/8*5 = 5; short for capacity."""
    doc = instance(horizon=3, requirements=[line(quantity=8, weight=8, need_by=2)],
                   offers=[offer(capacity=[0, 5, 5], lead_time=1)])
    plan, written = solve_checked(doc, solver=solver)
    assert plan.objective == pytest.approx(5)
    assert written["orders"][0]["delivery_month"] == 2
    assert plan.fulfilment_of("R1").reason == "capacity"


@pytest.mark.parametrize("solver", SOLVERS)
def test_equal_value_prefers_the_cheaper_offer(solver):
    """Money is plentiful, two offers of the same item and lead time at 10 and 20: the value (10) is the
    same either way, the plan must cost 50 * 10 = 500."""
    doc = instance(requirements=[line(quantity=50)],
                   offers=[offer("DEAR", price="20"), offer("CHEAP", price="10")], pools=[pool(amount="100000")])
    plan, written = solve_checked(doc, solver=solver)
    assert plan.objective == pytest.approx(10)
    assert written["total_cost"] == "500"
    assert {o.offer for o in plan.orders} == {"CHEAP"}


@pytest.mark.parametrize("solver", SOLVERS)
def test_earmarks_and_availability_decide_which_pool_pays(solver):
    """P1 (100, air defence only) buys the 10 AD units (value 10). P2 (100, any, from month 1) must pay
    for artillery, which therefore arrives in month 1, one month late: 10 * 0.5 = 5. Value 15."""
    doc = instance(
        horizon=2,
        pools=[pool("P1", "100", ["air_defense"]), pool("P2", "100", None, available_from=1)],
        requirements=[line("AD", item="pac", category="air_defense", need_by=1), line("ART", item="shell")],
        offers=[offer("OP", item="pac"), offer("OS", item="shell")])
    plan, written = solve_checked(doc, solver=solver)
    assert plan.objective == pytest.approx(15)
    assert {(f["pool"], f["category"]) for f in written["funding"]} >= {("P2", "artillery")}
    assert all(f["month"] >= 1 for f in written["funding"] if f["pool"] == "P2")
    assert all(o.month == 1 for o in plan.orders if o.requirement == "ART")


@pytest.mark.parametrize("solver", SOLVERS)
def test_minimum_european_share_costs_value(solver):
    """300 to spend, US units at 10, EU units at 20, 100 units worth 100. Unconstrained: 30 US units, value 30.
    With EU >= 50% of spending: 150 each way, 15 + 7.5 = 22.5 units, value 22.5."""
    offers = [offer("US", region="US", price="10"), offer("EU", region="EU", price="20")]
    doc = instance(pools=[pool(amount="300")], requirements=[line(quantity=100, weight=100)], offers=offers)
    free, _ = solve_checked(doc, solver=solver)
    assert free.objective == pytest.approx(30)
    doc["policy"] = {"min_spend_share": {"EU": 0.5}}
    bound, written = solve_checked(doc, solver=solver)
    assert bound.objective == pytest.approx(22.5)
    spent = {o.offer: float(o.cost) for o in bound.orders}
    assert spent == pytest.approx({"US": 150, "EU": 150})
    doc["policy"] = {"max_spend_share": {"US": 0.5}}
    same, _ = solve_checked(doc, solver=solver)
    assert same.objective == pytest.approx(22.5)


def test_whole_units_round_down_what_money_cannot_buy():
    """100 to spend, 30 per whole unit: 3 units (90), value 3 of 10 (the LP would say 3.33)."""
    doc = instance(requirements=[line(quantity=10, weight=10)], pools=[pool(amount="100")],
                   offers=[offer(price="30", integer=True)])
    plan, written = solve_checked(doc)
    assert plan.objective == pytest.approx(3)
    assert written["orders"][0]["quantity"] == 3 and written["total_cost"] == "90"
    assert plan.fulfilment_of("R1").reason == "money"
    assert plan.duals.source == "lp_fixed_integers"


@pytest.mark.parametrize(("amount", "expected"), [("40", 0), ("60", 6)])
def test_minimum_order_is_all_or_nothing(amount, expected):
    """Minimum order 5 at 10 each: 40 cannot reach it, so nothing; 60 buys 6 (>= 5), value 6."""
    doc = instance(requirements=[line(quantity=10, weight=10)], pools=[pool(amount=amount)],
                   offers=[offer(price="10", min_order=5)])
    plan, _ = solve_checked(doc)
    assert plan.objective == pytest.approx(expected)
    assert plan.fulfilment_of("R1").ordered == pytest.approx(expected)


def test_minimum_order_counts_per_offer_month_across_lines():
    """Two lines of 3 units each share an offer with minimum order 5: only together (6 >= 5) may they order."""
    doc = instance(requirements=[line("A", quantity=3, weight=3), line("B", quantity=3, weight=3)],
                   offers=[offer(min_order=5, integer=True)])
    plan, _ = solve_checked(doc)
    assert plan.objective == pytest.approx(6)


def test_reasons_for_missing_offer_and_lead_time():
    """No offer sells 'tank'; the only 'shell' offer delivers after the 2-month horizon."""
    doc = instance(horizon=2, requirements=[line("T", item="tank"), line("S", item="shell")],
                   offers=[offer(lead_time=5)])
    plan, written = solve_checked(doc)
    assert written["orders"] == [] and plan.objective == 0
    assert plan.fulfilment_of("T").reason == "no_offer"
    assert plan.fulfilment_of("S").reason == "lead_time"


def test_contradictory_policies_leave_only_the_empty_plan_and_say_so():
    """EU >= 60% and US >= 60% of spending can only both hold when nothing is spent."""
    doc = instance(offers=[offer("US", region="US"), offer("EU", region="EU")],
                   policy={"min_spend_share": {"EU": 0.6, "US": 0.6}})
    plan, written = solve_checked(doc)
    assert plan.status == "optimal" and plan.objective == 0 and written["total_cost"] == "0"
    assert plan.fulfilment_of("R1").reason == "policy"


def test_no_money_and_no_lines_are_valid_cases():
    empty_list, written = solve_checked(instance(requirements=[]))
    assert empty_list.status == "optimal" and written["fulfilment"] == [] and written["orders"] == []
    no_money, _ = solve_checked(instance(pools=[]))
    assert no_money.objective == 0 and no_money.fulfilment_of("R1").reason == "money"
