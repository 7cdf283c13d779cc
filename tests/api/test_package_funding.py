"""Which pledges fund which package is recorded by coordinators, and it alone decides which packages'
figures are withheld from the public; a pledge's `package_ref` is its nation's claim and decides nothing."""

from __future__ import annotations

SECRET = "987654321.12"
PACKAGE = {"ref": "P-1", "funders": [{"nation": "NLD", "amount_usd": "5000000"}],
           "orders": [{"offer": "OF-155-US", "requirement": "R10", "quantity": "1000", "cost_usd": "5000000",
                       "month": 0}]}


def pledge(api, who: str = "deu", **fields) -> dict:
    body = {"nation": who.upper(), "date": "2025-10-01", "amount": "5000000", "currency": "USD",
            "confidence": "official", "sources": [{"title": "Statement", "url": "https://example.org/s"}], **fields}
    answer = api.call(who, "POST", "/api/v1/pledges", json=body)
    assert answer.status_code == 201, answer.text
    return answer.json()[0]


def released_package(api, **fields) -> dict:
    answer = api.call("coordinator", "POST", "/api/v1/packages", json={**PACKAGE, **fields})
    assert answer.status_code == 201, answer.text
    assert api.call("coordinator", "POST", "/api/v1/releases", json={"packages": [PACKAGE["ref"]]}).status_code == 201
    return answer.json()


def set_funding(api, pledges: list[int], who: str = "coordinator", version: int | None = None):  # type: ignore[no-untyped-def]
    if version is None:
        version = api.call("coordinator", "GET", "/api/v1/packages/P-1").json()["version"]
    return api.call(who, "PUT", "/api/v1/packages/P-1/funding", json={"pledges": pledges, "version": version})


def test_a_nation_naming_another_nations_package_does_not_withhold_its_figures(api):
    released_package(api)
    claim = pledge(api, "deu", amount=SECRET, disclosed=False, package_ref="P-1")
    assert api.call("coordinator", "POST", "/api/v1/releases", json={"pledges": [claim["id"]]}).status_code == 201
    shown = api.call("public", "GET", "/api/v1/packages/P-1").json()
    assert shown["withheld"] is False
    assert shown["funders"][0]["amount_usd"] == "5000000" and shown["orders"][0]["cost_usd"] == "5000000"


def test_a_package_an_undisclosed_pledge_funds_is_withheld_though_no_pledge_names_it(api):
    released_package(api)
    secret = pledge(api, "nld", amount=SECRET, disclosed=False)
    assert api.call("public", "GET", "/api/v1/packages/P-1").json()["withheld"] is False
    answer = set_funding(api, [secret["id"]])
    assert answer.status_code == 200, answer.text
    assert answer.json()["pledges"] == [secret["id"]]
    shown = api.call("public", "GET", "/api/v1/packages/P-1").json()
    assert shown["withheld"] is True and shown["funders"][0]["amount_usd"] is None
    listed = api.call("public", "GET", "/api/v1/packages").json()["items"]
    assert [p["withheld"] for p in listed if p["ref"] == "P-1"] == [True]
    # the coordinator unlinks it: the figures are public again
    assert set_funding(api, []).status_code == 200
    assert api.call("public", "GET", "/api/v1/packages/P-1").json()["withheld"] is False


def test_funding_links_given_when_the_package_is_created_withhold_it_too(api):
    secret = pledge(api, "nld", amount=SECRET, disclosed=False)
    created = released_package(api, funding_pledges=[secret["id"]])
    assert created["version"] == 1
    assert api.call("auditor", "GET", "/api/v1/packages/P-1/funding").json()["pledges"] == [secret["id"]]
    assert api.call("public", "GET", "/api/v1/packages/P-1").json()["withheld"] is True


def test_only_coordinators_set_funding_links_and_each_change_is_an_event(api):
    released_package(api)
    first, second = pledge(api, "nld"), pledge(api, "deu")
    for who, status in (("public", 401), ("nld", 403), ("deu", 403), ("ukraine", 403), ("auditor", 403)):
        answer = set_funding(api, [first["id"]], who=who)
        assert answer.status_code == status, (who, answer.text)
    for who, status in (("public", 401), ("nld", 403), ("ukraine", 403)):
        assert api.call(who, "GET", "/api/v1/packages/P-1/funding").status_code == status, who
    assert set_funding(api, [first["id"]]).status_code == 200
    answer = set_funding(api, [second["id"], first["id"], second["id"]])
    assert answer.status_code == 200 and answer.json()["pledges"] == sorted([first["id"], second["id"]])
    events = sorted((e for e in api.call("auditor", "GET", "/api/v1/audit", params={"limit": 1000}).json()["items"]
                     if e["entity"] == "package" and e["action"] == "funding_set"), key=lambda e: e["seq"])
    assert [(e["before"]["funding_pledges"], e["after"]["funding_pledges"]) for e in events] == [
        ([], [first["id"]]), ([first["id"]], sorted([first["id"], second["id"]]))]
    assert all(e["actor"] == "coord" for e in events)


def test_a_stale_version_or_an_unknown_pledge_is_refused(api):
    released = released_package(api)
    known = pledge(api, "nld")
    stale = set_funding(api, [known["id"]], version=released["version"])
    assert stale.status_code == 200
    answer = set_funding(api, [known["id"]], version=released["version"])
    assert answer.status_code == 409 and answer.json()["field"] == "version"
    answer = set_funding(api, [known["id"], 999999])
    assert answer.status_code == 422 and answer.json()["field"] == "pledges" and "999999" in answer.json()["message"]
    missing = api.call("coordinator", "PUT", "/api/v1/packages/P-9/funding", json={"pledges": [], "version": 1})
    assert missing.status_code == 404
    without = api.call("coordinator", "PUT", "/api/v1/packages/P-1/funding", json={"pledges": []})
    assert without.status_code == 428
