"""A what-if cannot take the server down: its size is capped, its time limit covers the whole request, and
solves run on threads of their own so that public reads never wait for them."""

from __future__ import annotations

import threading
import time

import pytest
from fastapi.testclient import TestClient

from ramstein.api.app import create_app
from ramstein.auth.actor import Actor
from ramstein.auth.service import add_user
from ramstein.config import Settings
from ramstein.db.uow import UnitOfWork
from ramstein.errors import Conflict
from tests.builders import OPERATOR

COORDINATOR = Actor("coord", "coordinator")


def add_pools(count: int) -> dict:
    return {"changes": [{"op": "add_pool", "pool": {"id": f"X{i}", "donor": "NLD", "amount": "1000000"}}
                        for i in range(count)]}


@pytest.mark.parametrize("path, body", [
    ("/api/v1/plans", {"scenario": add_pools(2500), "horizon": 12, "time_limit": 30}),
    ("/api/v1/plans/what-if", {"scenario": add_pools(2500), "time_limit": 30}),
])
def test_a_scenario_of_2500_changes_is_refused_naming_the_limit(api, path, body):
    started = time.perf_counter()
    answer = api.call("coordinator", "POST", path, json=body)
    assert answer.status_code == 422, answer.text[:300]
    assert answer.json()["field"] == "changes"
    assert "at most 100 changes" in answer.json()["message"]
    assert time.perf_counter() - started < 5  # refused before any model is built
    assert api.call("auditor", "GET", "/api/v1/plans").json()["total"] == 0


def test_a_scenario_at_the_limit_is_run(api):
    body = {"scenario": add_pools(100), "horizon": 12, "time_limit": 60}
    answer = api.call("coordinator", "POST", "/api/v1/plans", json=body)
    assert answer.status_code == 201, answer.text


def slow_ledger(monkeypatch, seconds: float) -> None:
    """Reading the ledger takes `seconds` (as a large ledger would)."""
    from ramstein.planning import service

    build = service.build_instance

    def slow(*args, **kwargs):  # type: ignore[no-untyped-def]
        time.sleep(seconds)
        return build(*args, **kwargs)
    monkeypatch.setattr(service, "build_instance", slow)


def test_a_plans_time_limit_counts_from_the_request_not_from_the_solve(ref_uow, monkeypatch):
    from ramstein.allocation import SolveOptions
    from ramstein.planning.service import solve_plan

    slow_ledger(monkeypatch, 2.2)
    solved = solve_plan(ref_uow.session, COORDINATOR, horizon=12, options=SolveOptions(time_limit=2.0))
    assert solved.status == "time_limit" and solved.result["orders"] == []


def test_a_what_ifs_time_limit_covers_its_base_and_its_scenario_together(ref_uow, monkeypatch):
    from ramstein.allocation import SolveOptions
    from ramstein.planning.service import solve_whatif

    slow_ledger(monkeypatch, 1.1)  # read once for the base, once for the scenario
    whatif = solve_whatif(ref_uow.session, COORDINATOR, add_pools(1), SolveOptions(time_limit=2.0))
    assert whatif.other.status == "time_limit" and whatif.other.result["orders"] == []


def test_a_time_limit_spent_building_the_model_stops_before_the_solve(monkeypatch):
    from ramstein.allocation import SolveOptions, engine, problem_from_dict
    from ramstein.allocation.generate import sized_instance

    build = engine.build_model

    def slow(problem):  # type: ignore[no-untyped-def]
        time.sleep(0.5)
        return build(problem)
    monkeypatch.setattr(engine, "build_model", slow)
    plan = engine.solve(problem_from_dict(sized_instance("small", 1)), SolveOptions(time_limit=0.4))
    assert plan.status == "time_limit" and plan.orders == ()
    assert plan.solver.stages == ("build:time_limit",)


@pytest.fixture
def one_thread_api(ref_db_url):
    """A server with a single request thread: if a solve held it, no read could be answered."""
    app = create_app(Settings(database_url=ref_db_url, request_threads=1))
    with UnitOfWork(app.state.sessions) as uow:
        _, token = add_user(uow.session, OPERATOR, "coord", "coordinator", None)
        uow.commit()
    with TestClient(app) as client:
        yield client, {"Authorization": f"Bearer {token}"}
    app.state.engine.dispose()


def test_public_reads_are_answered_while_solves_run(one_thread_api, monkeypatch):
    from ramstein.api.routes import plans

    client, coordinator = one_thread_api
    entered, release = threading.Semaphore(0), threading.Event()

    def blocked(*args, **kwargs):  # type: ignore[no-untyped-def]
        entered.release()
        release.wait(30)
        raise Conflict("stopped by the test")
    monkeypatch.setattr(plans, "solve_plan", blocked)
    monkeypatch.setattr(plans, "solve_whatif", blocked)
    solves = [threading.Thread(target=client.post, args=(path,), daemon=True,
                               kwargs={"json": body, "headers": coordinator})
              for path, body in (("/api/v1/plans", {"horizon": 12}),
                                 ("/api/v1/plans/what-if", {"scenario": add_pools(1)}))]
    try:
        for thread in solves:
            thread.start()
        assert entered.acquire(timeout=30)  # a solve is running (the other waits for its turn)
        answers: list[int] = []
        reader = threading.Thread(target=lambda: answers.append(client.get("/api/v1/pledges").status_code),
                                  daemon=True)
        reader.start()
        reader.join(10)
        assert answers == [200], "a public read waited for the solves"
    finally:
        release.set()
        for thread in solves:
            thread.join(30)
