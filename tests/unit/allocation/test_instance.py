"""Instance files: refused with the JSON path and the reason; accepted ones round-trip."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from ramstein.allocation import load_instance, problem_from_dict, problem_to_dict, solve
from ramstein.errors import ValidationError

from .builders import instance, line, offer, pool


def refusal(doc) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        problem_from_dict(doc)
    return caught.value


@pytest.mark.parametrize(("mutate", "message"), [
    (lambda d: d["requirements"][0].update(quantity=0), "requirements[0].quantity: must be > 0"),
    (lambda d: d["requirements"][0].pop("weight"), "requirements[0].weight: is required"),
    (lambda d: d["pools"][0].update(amount="12,5"), "pools[0].amount: must be a decimal string"),
    (lambda d: d["pools"][0].update(amount=100), "pools[0].amount: must be of type string"),
    (lambda d: d["offers"][0].update(colour="red"), "offers[0].colour: is not a known field"),
    (lambda d: d["offers"][0].update(capacity=-1), "offers[0].capacity: must be a number >= 0"),
    (lambda d: d.update(horizon_months=0), "horizon_months: must be >= 1"),
    (lambda d: d.update(discount=1.5), "discount: must be <= 1"),
    (lambda d: d.update(version=2), "version: must be 1"),
    (lambda d: d.pop("offers"), "offers: is required"),
    (lambda d: d.update(policy={"min_spend_share": {"EU": 2}}), "policy.min_spend_share.EU: must be <= 1"),
])
def test_schema_errors_name_the_path_and_the_reason(mutate, message):
    doc = instance(requirements=[line(), line("R2")])
    mutate(doc)
    error = refusal(doc)
    assert str(error).startswith(message)
    assert error.field == message.split(":")[0]


def test_duplicate_ids_and_short_capacity_profiles_are_refused():
    assert str(refusal(instance(requirements=[line("R1"), line("R1")]))) == \
        "requirements[1].id: duplicate id 'R1'"
    error = refusal(instance(horizon=3, offers=[offer(capacity=[1, 2])]))
    assert error.field == "offers[0].capacity" and "3" in str(error)


def test_unreadable_files_are_validation_errors(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(ValidationError, match="not valid JSON"):
        load_instance(bad)
    with pytest.raises(ValidationError, match="cannot read"):
        load_instance(tmp_path / "missing.json")


def test_problem_round_trips_through_its_document():
    doc = instance(horizon=3, pools=[pool(categories=["artillery"], available_from=1)],
                   requirements=[line(priority=2, quantity=12.5)],
                   offers=[offer(capacity=[1, 2, 3], min_order=1, integer=True), offer("O2", region="EU")],
                   policy={"min_spend_share": {"EU": 0.25}, "max_spend_share": {}})
    problem = problem_from_dict(doc)
    again = problem_from_dict(problem_to_dict(problem))
    assert problem_to_dict(again) == problem_to_dict(problem)
    assert solve(again).objective == pytest.approx(solve(problem).objective, rel=1e-12)


def test_the_engine_imports_no_framework_or_storage():
    code = ("import sys, ramstein.allocation, ramstein.allocation.scenario, ramstein.allocation.greedy;"
            "bad = [m for m in sys.modules if m.split('.')[0] in ('fastapi', 'typer', 'sqlalchemy', 'jinja2')"
            " or m.startswith(('ramstein.db', 'ramstein.models', 'ramstein.api', 'ramstein.cli'))];"
            "print(json.dumps(bad))").replace("print(json", "import json; print(json")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == []
