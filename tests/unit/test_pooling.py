"""Pooling pledges the model cannot tell apart changes no plan's value, and attributes funding exactly."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ramstein.allocation import SolveOptions, problem_from_dict, solve, to_json
from ramstein.planning.pooling import attribute, funded_by_pool, named_pledges, pool_documents, pro_rata
from tests.unit.allocation.builders import instance, line, offer

START = dt.date(2026, 1, 1)
CATEGORIES = ["air_defense", "ammunition", "drones"]
LINES = [line("R1", "pac3", "air_defense", quantity=40, weight=100, need_by=2),
         line("R2", "shell", "ammunition", quantity=5000, weight=60, need_by=1),
         line("R3", "fpv", "drones", quantity=2000, weight=30, need_by=4),
         line("R4", "shell", "ammunition", quantity=3000, weight=20, need_by=5)]
OFFERS = [offer("O1", "pac3", "4100000", lead_time=1, capacity=8),
          offer("O2", "shell", "3500", capacity=1500, region="EU"),
          offer("O3", "shell", "4200.5", lead_time=2, capacity=3000),
          offer("O4", "fpv", "480", capacity=900, region="EU")]

pledge = st.tuples(st.integers(min_value=1, max_value=10**6).map(lambda c: Decimal(c) * 100),  # up to USD 100M
                   st.sampled_from(["NLD", "DEU", "CAN"]),
                   st.one_of(st.none(), st.lists(st.sampled_from(CATEGORIES), min_size=1, max_size=3)),
                   st.integers(min_value=0, max_value=4),
                   st.integers(min_value=0, max_value=99))  # cents


def ledger(drawn):
    """(id, donor, amount, categories, available_from) pledges, ids 1..n."""
    return [(i + 1, donor, amount + Decimal(cents) / 100, cats, month)
            for i, (amount, donor, cats, month, cents) in enumerate(drawn)]


def solved(pools):
    plan = solve(problem_from_dict(instance(pools, LINES, OFFERS, horizon=6, discount=0.9)), SolveOptions())
    assert plan.status == "optimal"
    return to_json(plan)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(pledge, min_size=1, max_size=25))
def test_pooled_and_unpooled_solves_have_the_same_value_and_attributions_add_up_exactly(drawn):
    pledges = ledger(drawn)
    pooled, members = pool_documents(pledges, START)
    unpooled, _ = pool_documents(pledges, START, keep_apart=frozenset(p[0] for p in pledges))
    assert len(unpooled) == len(pledges) and len(pooled) <= len(pledges)
    assert len(pooled) <= 5 * (2 ** len(CATEGORIES))  # categories and months, never pledges
    one, other = solved(pooled), solved(unpooled)
    assert one["objective"] == pytest.approx(other["objective"], rel=1e-6, abs=1e-9)
    funded = funded_by_pool(one["funding"])
    shares = attribute(members, funded)
    assert set(shares) == {p[0] for p in pledges}
    amounts = {p[0]: p[2] for p in pledges}
    for pool_id, ids, _ in members:
        assert sum(shares[i] for i in ids) == funded.get(pool_id, 0)  # exactly, in Decimal
        total = sum(amounts[i] for i in ids)
        for i in ids:  # pro rata, to within a cent
            assert abs(shares[i] - funded.get(pool_id, 0) * amounts[i] / total) < Decimal("0.01")
    assert sum(shares.values()) == sum(Decimal(f["amount"]) for f in one["funding"])


def test_pledges_with_the_same_categories_and_month_are_one_pool_and_others_apart():
    pledges = [(1, "NLD", Decimal("100"), ["ammunition", "drones"], 0),
               (2, "DEU", Decimal("50"), ["drones", "ammunition"], 0),
               (3, "NLD", Decimal("70"), ["drones", "ammunition"], 2), (4, "CAN", Decimal("10"), None, 0),
               (5, "CAN", Decimal("5"), None, 0)]
    pools, members = pool_documents(pledges, START)
    assert [(p["id"], p["donor"], p["amount"], p["categories"], p["available_from"]) for p in pools] == [
        ("pool-2026-01-ammunition+drones", "several", "150", ["ammunition", "drones"], 0),
        ("pledge-3", "NLD", "70", ["ammunition", "drones"], 2),
        ("pool-2026-01-any", "CAN", "15", None, 0)]
    assert members[0] == ("pool-2026-01-ammunition+drones", (1, 2), (Decimal("100"), Decimal("50")))
    apart, _ = pool_documents(pledges, START, keep_apart=frozenset({2}))
    assert [p["id"] for p in apart] == ["pledge-1", "pledge-2", "pledge-3", "pool-2026-01-any"]


def test_a_what_if_naming_a_pledge_keeps_it_apart():
    changes = {"changes": [{"op": "scale_pool", "pool": "pledge-7", "factor": 2},
                           {"op": "scale_pool", "pool": "pool-2026-01-any", "factor": 2},
                           {"op": "delay_offer", "offer": "O1", "months": 1}]}
    assert named_pledges(changes) == frozenset({7})
    assert named_pledges(None) == frozenset()


def test_pro_rata_gives_cents_to_the_largest_remainders_and_what_is_below_a_cent_too():
    assert pro_rata(Decimal("100"), [Decimal(1)] * 3) == [Decimal("33.34"), Decimal("33.33"), Decimal("33.33")]
    assert pro_rata(Decimal("0.015"), [Decimal(1), Decimal(2)]) == [Decimal("0.005"), Decimal("0.01")]
    assert pro_rata(Decimal("10.005"), [Decimal(3), Decimal(1)]) == [Decimal("7.505"), Decimal("2.50")]
    assert pro_rata(Decimal(0), [Decimal(5)]) == [Decimal(0)]


@given(total=st.integers(min_value=0, max_value=10**20).map(lambda c: Decimal(c) / 10**6),
       amounts=st.lists(st.integers(min_value=1, max_value=10**20).map(lambda c: Decimal(c) / 10**6),
                        min_size=1, max_size=40))
def test_pro_rata_sums_exactly_and_is_within_a_cent_of_each_exact_share(total, amounts):
    parts = pro_rata(total, amounts)
    assert sum(parts) == total
    weight = sum(amounts)
    assert all(abs(p - total * a / weight) < Decimal("0.01") for p, a in zip(parts, amounts, strict=True))
