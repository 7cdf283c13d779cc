"""`ramstein solve` in-process: plan written, summary printed, bad input refused with exit code 2."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest
import typer
from typer.testing import CliRunner

from ramstein.allocation.instance import load_schema
from ramstein.cli import solve

EXAMPLE = Path(__file__).parents[2] / "src/ramstein/allocation/schemas/example-instance.json"


@pytest.fixture
def app() -> typer.Typer:
    app = typer.Typer()
    solve.register(app)

    @app.callback()
    def _root() -> None:  # a callback makes `solve` a subcommand, as in the real app
        pass

    return app


@pytest.fixture
def example(tmp_path: Path) -> Path:
    target = tmp_path / "instance.json"
    shutil.copy(EXAMPLE, target)
    return target


def test_solve_writes_a_valid_plan_and_prints_a_summary(app, example, tmp_path):
    out = tmp_path / "plan.json"
    result = CliRunner().invoke(app, ["solve", str(example), "--out", str(out)])
    assert result.exit_code == 0, result.output
    plan = json.loads(out.read_text())
    jsonschema.validate(plan, load_schema("plan"))
    assert plan["status"] == "optimal"
    assert "lines fully met" in result.output and "value" in result.output
    assert f"{plan['objective']:,.6g}" in result.output


def test_invalid_instance_names_the_path_and_exits_2(app, example, tmp_path):
    doc = json.loads(example.read_text())
    doc["requirements"][2]["quantity"] = 0
    example.write_text(json.dumps(doc))
    result = CliRunner().invoke(app, ["solve", str(example), "--out", str(tmp_path / "p.json")])
    assert result.exit_code == 2
    assert "requirements[2].quantity: must be > 0" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "p.json").exists()


def test_explain_prints_reasons_and_the_most_valuable_dollar(app, example, tmp_path):
    result = CliRunner().invoke(app, ["solve", str(example), "--out", str(tmp_path / "p.json"), "--explain"])
    assert result.exit_code == 0, result.output
    assert "short for money" in result.output
    assert "most valuable extra money" in result.output


def test_scenario_is_solved_and_compared_side_by_side(app, example, tmp_path):
    changes = tmp_path / "changes.json"
    changes.write_text(json.dumps({"name": "more Dutch money", "changes": [
        {"op": "add_pool", "pool": {"id": "NLD-2", "donor": "NLD", "amount": "400000000"}}]}))
    out = tmp_path / "plan.json"
    result = CliRunner().invoke(app, ["solve", str(example), "--out", str(out), "--scenario", str(changes)])
    assert result.exit_code == 0, result.output
    base, other = json.loads(out.read_text()), json.loads((tmp_path / "plan.scenario.json").read_text())
    assert other["objective"] > base["objective"]
    assert "base vs scenario" in result.output and "R2" in result.output


def test_unknown_solver_is_a_usage_error(app, example, tmp_path):
    result = CliRunner().invoke(app, ["solve", str(example), "--out", str(tmp_path / "p.json"), "--solver", "cplex"])
    assert result.exit_code == 2
    assert "glop" in result.output
