"""The backends agree with each other on a model big enough for sifting to take several rounds."""

from __future__ import annotations

import numpy as np
import pytest

from ramstein.allocation import problem_from_dict
from ramstein.allocation.build import build_model, likely_columns
from ramstein.allocation.generate import random_instance
from ramstein.allocation.solvers import get_backend


@pytest.fixture(scope="module")
def model():
    problem = problem_from_dict(random_instance(7, pools=8, lines=150, offers=30, months=12))
    return problem, build_model(problem)


def test_sifting_reaches_the_whole_lp_optimum_and_its_duals(model):
    problem, m = model
    full = get_backend("highs-simplex").solve(m.lp)
    sift = get_backend("highs-sift").solve(m.lp, hint=likely_columns(problem, m))
    assert sift.status == full.status == "optimal"
    assert "rounds" in sift.detail
    assert sift.objective == pytest.approx(full.objective, rel=1e-9)
    assert dual_objective(m.lp, sift) == pytest.approx(sift.objective, rel=1e-7)


def dual_objective(lp, sol) -> float:
    """Strong duality: bounds at the active side, weighted by duals, add up to the primal optimum."""
    tol = 1e-12
    rows = np.where(sol.row_dual > 0, lp.row_upper, lp.row_lower)
    cols = np.where(sol.col_dual > 0, lp.col_upper, lp.col_lower)
    row_terms = np.where(np.abs(sol.row_dual) > tol, sol.row_dual * np.nan_to_num(rows), 0.0)
    col_terms = np.where(np.abs(sol.col_dual) > tol, sol.col_dual * np.nan_to_num(cols), 0.0)
    return float(row_terms.sum() + col_terms.sum())


@pytest.mark.parametrize("name", ["glop", "highs-ipm", "highs-sift"])
def test_every_lp_backend_finds_the_same_value(model, name):
    problem, m = model
    reference = get_backend("highs").solve(m.lp).objective
    found = get_backend(name).solve(m.lp, hint=likely_columns(problem, m)).objective
    assert found == pytest.approx(reference, rel=1e-7)


def test_reduced_costs_follow_one_sign_convention(model):
    """col_dual = c - A' row_dual for every backend (what the tie-break stage and the duals rely on)."""
    problem, m = model
    for name in ("highs", "glop", "highs-sift"):
        sol = get_backend(name).solve(m.lp, hint=likely_columns(problem, m))
        assert np.allclose(sol.col_dual, m.lp.objective - m.lp.matrix.T @ sol.row_dual, atol=1e-7)


def test_time_limit_is_never_reported_as_optimal():
    """A MILP too big for 0.2 s: whatever comes back, `optimal` only with the gap proven."""
    problem = problem_from_dict(random_instance(3, pools=10, lines=400, offers=60, months=12, integer_share=1.0,
                                                min_order_share=0.5))
    m = build_model(problem)
    sol = get_backend("highs").solve(m.lp, time_limit=0.2, mip_gap=0.0)
    assert sol.status in ("time_limit", "optimal")
    if sol.status == "optimal":
        assert sol.bound == pytest.approx(sol.objective, rel=1e-9)
