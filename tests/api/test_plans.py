"""Plans over HTTP: coordinators run, compare and adopt; nobody else may; plans are not public."""

from __future__ import annotations

SMALL_RUN = {"horizon": 24, "time_limit": 60}


def test_coordinator_runs_compares_and_adopts_a_plan(api):
    base = api.call("coordinator", "POST", "/api/v1/plans", json=SMALL_RUN)
    assert base.status_code == 201, base.text
    scenario = {"changes": [{"op": "add_pool", "pool": {"id": "EXTRA", "donor": "NLD", "amount": "500000000"}}]}
    other = api.call("coordinator", "POST", "/api/v1/plans", json={**SMALL_RUN, "scenario": scenario})
    assert other.status_code == 201, other.text
    a, b = base.json()["id"], other.json()["id"]
    diff = api.call("auditor", "GET", "/api/v1/plans/compare", params={"base": a, "other": b}).json()
    assert diff["objective"]["other"] >= diff["objective"]["base"] - 1e-9
    assert {c["category"] for c in diff["categories"]} >= {"air_defense", "artillery"}
    adopted = api.call("coordinator", "POST", f"/api/v1/plans/{a}/adopt")
    assert adopted.status_code == 200 and adopted.json()["adopted_by"] == "coord"
    listed = api.call("auditor", "GET", "/api/v1/plans").json()
    assert listed["total"] == 2


def test_only_coordinators_run_plans_and_the_public_cannot_read_them(api):
    for who, status in (("nld", 403), ("ukraine", 403), ("auditor", 403), ("public", 401)):
        assert api.call(who, "POST", "/api/v1/plans", json=SMALL_RUN).status_code == status
    assert api.call("public", "GET", "/api/v1/plans").status_code == 401
    assert api.call("nld", "GET", "/api/v1/plans").status_code == 403


def test_a_bad_scenario_is_refused_with_its_path(api):
    scenario = {"changes": [{"op": "scale_pool", "pool": "NOPE", "factor": 2}]}
    response = api.call("coordinator", "POST", "/api/v1/plans", json={**SMALL_RUN, "scenario": scenario})
    assert response.status_code == 422
    assert response.json()["message"]


def test_a_what_if_is_run_beside_the_plan_in_force_and_compared(api):
    base = api.call("coordinator", "POST", "/api/v1/plans", json={"time_limit": 60}).json()["id"]
    assert api.call("coordinator", "POST", f"/api/v1/plans/{base}/adopt").status_code == 200
    scenario = {"changes": [{"op": "add_pool", "pool": {"id": "EXTRA", "donor": "NLD", "amount": "500000000"}}]}
    body = {"scenario": scenario, "time_limit": 60}
    first = api.call("coordinator", "POST", "/api/v1/plans/what-if", json=body, headers={"Idempotency-Key": "w1"})
    assert first.status_code == 201, first.text
    answer = first.json()
    # the ledger has not changed since the plan in force was run: it is the base, not a new run
    assert answer["base"]["id"] == base and answer["other"]["scenario"] == scenario
    assert answer["comparison"]["objective"]["other"] >= answer["comparison"]["objective"]["base"] - 1e-9
    again = api.call("coordinator", "POST", "/api/v1/plans/what-if", json=body, headers={"Idempotency-Key": "w1"})
    assert again.headers.get("Idempotent-Replayed") == "true" and again.json() == answer
    assert api.call("auditor", "GET", "/api/v1/plans").json()["total"] == 2  # the retry stored nothing


def test_only_coordinators_run_a_what_if_and_a_bad_one_says_why(api):
    scenario = {"changes": [{"op": "scale_pool", "pool": "NOPE", "factor": 2}]}
    for who, status in (("nld", 403), ("auditor", 403), ("public", 401)):
        assert api.call(who, "POST", "/api/v1/plans/what-if", json={"scenario": scenario}).status_code == status
    bad = api.call("coordinator", "POST", "/api/v1/plans/what-if", json={"scenario": scenario})
    assert bad.status_code == 422 and bad.json()["message"]
    assert api.call("coordinator", "POST", "/api/v1/plans/what-if", json={}).status_code == 422
