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
