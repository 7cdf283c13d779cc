"""Random small instances: the plan is always feasible and worth what an independent PuLP+CBC model says."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ramstein.allocation.generate import random_instance

from .plan_checker import solve_checked
from .pulp_reference import solve_pulp

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

shapes = st.fixed_dictionaries({
    "seed": st.integers(0, 10_000),
    "pools": st.integers(1, 4),
    "lines": st.integers(1, 7),
    "offers": st.integers(1, 6),
    "months": st.integers(1, 6),
    "policy": st.booleans(),
    "money_share": st.sampled_from([0.1, 0.35, 2.0]),
})


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(shape=shapes, solver=st.sampled_from(["highs", "glop", "highs-sift"]))
def test_lp_plan_is_feasible_and_optimal(shape, solver):
    doc = random_instance(**shape)
    plan, _ = solve_checked(doc, solver=solver)
    assert plan.status == "optimal"
    value, proven = solve_pulp(doc, time_limit=30)
    assert proven
    assert plan.objective == pytest.approx(value, rel=1e-6, abs=1e-9)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(shape=shapes, integer_share=st.sampled_from([0.5, 1.0]), min_order_share=st.sampled_from([0.0, 0.5]),
       warm=st.booleans())
def test_milp_plan_is_feasible_and_within_the_gap(shape, integer_share, min_order_share, warm):
    """With `warm` the round-and-repair start is forced even on these tiny models."""
    doc = random_instance(**shape, integer_share=integer_share, min_order_share=min_order_share)
    plan, _ = solve_checked(doc, mip_gap=1e-7, warm_start_columns=0 if warm else 10**9)
    assert plan.status == "optimal"
    value, proven = solve_pulp(doc, gap=1e-7, time_limit=5)
    if proven:
        assert plan.objective == pytest.approx(value, rel=1e-6, abs=1e-9)
    else:  # CBC ran out of time: its incumbent can only be worse than a proven optimum
        assert plan.objective >= value * (1 - 1e-6) - 1e-9
