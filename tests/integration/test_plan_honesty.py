"""Honest plans under a time limit: a solve without a solution is never stored as a plan, the CLI
exits non-zero naming the limit, and an unproven plan shows its gap (issue 19, item 5)."""

from __future__ import annotations

import time

import pytest
from typer.testing import CliRunner

from ramstein.allocation import SolveOptions
from ramstein.cli.app import app
from ramstein.errors import Conflict
from ramstein.models import Plan
from ramstein.planning import service
from ramstein.planning.service import adopt_plan, gap_text, has_solution, solve_plan, store_plan
from tests.builders import COORDINATOR


def slow_ledger(monkeypatch: pytest.MonkeyPatch, seconds: float) -> None:
    """Reading the ledger takes `seconds`: a short time limit runs out before any solve."""
    build = service.build_instance

    def slow(*args, **kwargs):  # type: ignore[no-untyped-def]
        time.sleep(seconds)
        return build(*args, **kwargs)
    monkeypatch.setattr(service, "build_instance", slow)


def test_a_solve_stopped_by_its_time_limit_without_orders_is_not_stored(ref_uow, monkeypatch):
    slow_ledger(monkeypatch, 0.6)
    solved = solve_plan(ref_uow.session, COORDINATOR, horizon=12, options=SolveOptions(time_limit=0.5))
    assert solved.status == "time_limit" and solved.result["orders"] == []
    with pytest.raises(Conflict, match=r"time limit of 0\.5 s without a plan; nothing was stored") as refused:
        store_plan(ref_uow.session, COORDINATOR, solved)
    assert refused.value.field == "time_limit"
    assert ref_uow.session.query(Plan).count() == 0


def test_plan_command_exits_non_zero_naming_the_limit_and_stores_nothing(ref_db_url, ref_engine, monkeypatch):
    slow_ledger(monkeypatch, 0.4)
    result = CliRunner().invoke(app, ["--db", ref_db_url, "plan", "--time-limit", "0.3"])
    assert result.exit_code == 4, result.output
    assert "time limit of 0.3 s" in " ".join(result.output.split())
    with ref_engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM plans").scalar_one() == 0


def test_a_stored_time_limit_plan_without_orders_cannot_be_adopted(ref_uow):
    s = ref_uow.session
    empty = Plan(requirement_version=1, instance={}, result={"orders": [], "solver": {"gap": None}},
                 status="time_limit", objective=0.0, total_cost=0, created_by="coord")
    s.add(empty)
    s.flush()
    with pytest.raises(Conflict, match="only a plan with a solution can be adopted"):
        adopt_plan(s, COORDINATOR, empty.id)
    assert empty.adopted_at is None


def test_what_counts_as_a_solution_and_how_an_unproven_plan_states_its_gap():
    order = {"requirement": "R1", "offer": "O1", "month": 0, "quantity": 1, "cost": "1"}
    assert has_solution("optimal", []) and has_solution("feasible", [order])
    assert has_solution("time_limit", [order]) and not has_solution("time_limit", [])
    assert not has_solution("error", []) and not has_solution("infeasible", [order])
    assert gap_text("optimal", {"solver": {"gap": 0.0}}) is None
    assert gap_text("time_limit", {"solver": {"gap": 0.0123}}) == "1.2300% from the best bound proven"
    assert gap_text("feasible", {"solver": {"gap": None}}) == "no bound proven (the gap is unknown)"
