"""What the public sees of a package that an undisclosed pledge funds lets nobody recompute that amount:
no money, no units that a released unit price turns into money, and no total that moves by it."""

from __future__ import annotations

import json

SECRET = "987654321.12"
UNITS = "4321"  # x the released unit price of OF-155-US would be the secret


def pledge(api, who: str, **fields) -> dict:
    body = {"nation": who.upper(), "date": "2025-10-01", "amount": "5000000", "currency": "USD",
            "confidence": "official", "sources": [{"title": "Statement", "url": "https://example.org/s"}], **fields}
    answer = api.call(who, "POST", "/api/v1/pledges", json=body)
    assert answer.status_code == 201, answer.text
    return answer.json()[0]


def contracted_package(api, ref: str, cost: str, units: str, funding: list[int]) -> None:
    """A released, contracted package of one order, funded by `funding` (the coordinators' links)."""
    body = {"ref": ref, "target_usd": cost, "funding_pledges": funding,
            "funders": [{"nation": "NLD", "amount_usd": cost}],
            "orders": [{"offer": "OF-155-US", "requirement": "R10", "quantity": units, "cost_usd": cost,
                        "month": 0}]}
    assert api.call("coordinator", "POST", "/api/v1/packages", json=body).status_code == 201
    for status in ("approved", "contracted"):
        version = api.call("coordinator", "GET", f"/api/v1/packages/{ref}").json()["version"]
        answer = api.call("coordinator", "POST", f"/api/v1/packages/{ref}/transitions",
                          json={"status": status, "version": version})
        assert answer.status_code == 200, answer.text
    assert api.call("coordinator", "POST", "/api/v1/releases", json={"packages": [ref]}).status_code == 201


def public_report(api) -> dict:
    answer = api.call("public", "GET", "/api/v1/reports/triple-win")
    assert answer.status_code == 200, answer.text
    return answer.json()


def line(report: dict, ref: str) -> dict:
    return next(x for x in report["ukraine"]["lines"] if x["requirement"] == ref)


def full_report(api) -> dict:
    return api.call("coordinator", "GET", "/api/v1/reports/triple-win").json()


def test_public_industry_total_does_not_move_by_an_unreleased_undisclosed_pledges_package(api):
    before, full_before = public_report(api), full_report(api)
    secret = pledge(api, "nld", amount=SECRET, disclosed=False)  # never released
    contracted_package(api, "P-SECRET", SECRET, UNITS, [secret["id"]])
    after = public_report(api)
    assert after["industry"] == before["industry"]  # totals, by supplier, region and site, illustrative part
    assert line(after, "R10")["ordered_units"] == line(before, "R10")["ordered_units"]
    assert SECRET.split(".")[0] not in json.dumps(after)
    # a package funded by a disclosed pledge only counts: the rule withholds, it does not drop all
    disclosed = pledge(api, "deu", amount="1250000")
    contracted_package(api, "P-OPEN", "1250000", "250", [disclosed["id"]])
    opened = public_report(api)
    assert opened["industry"] != before["industry"] and "1250000" in json.dumps(opened["industry"])
    assert int(line(opened, "R10")["ordered_units"]) == int(line(before, "R10")["ordered_units"]) + 250
    # and the coordinators' full report counts both
    ordered = int(line(full_report(api), "R10")["ordered_units"]) - int(line(full_before, "R10")["ordered_units"])
    assert ordered == int(UNITS) + 250


def test_a_withheld_package_shows_the_public_no_units_and_no_money(api):
    secret = pledge(api, "nld", amount=SECRET, disclosed=False)
    assert api.call("coordinator", "POST", "/api/v1/releases", json={"pledges": [secret["id"]]}).status_code == 201
    contracted_package(api, "P-SECRET", SECRET, UNITS, [secret["id"]])
    price = api.call("public", "GET", "/api/v1/offers/OF-155-US").json()["unit_price"]
    assert price  # the unit price is public: units would give the amount away
    for shown in (api.call("public", "GET", "/api/v1/packages/P-SECRET").json(),
                  next(p for p in api.call("public", "GET", "/api/v1/packages").json()["items"]
                       if p["ref"] == "P-SECRET"),
                  api.call("nld", "GET", "/api/v1/packages/P-SECRET").json()):
        assert shown["withheld"] is True and shown["target_usd"] is None
        assert [(o["quantity"], o["cost_usd"]) for o in shown["orders"]] == [(None, None)]
        assert [f["amount_usd"] for f in shown["funders"]] == [None]
        assert UNITS not in json.dumps(shown) and SECRET.split(".")[0] not in json.dumps(shown)
    full = api.call("auditor", "GET", "/api/v1/packages/P-SECRET").json()
    assert full["withheld"] is False and full["orders"][0]["quantity"] == UNITS
    report = public_report(api)
    assert UNITS not in json.dumps(report["ukraine"]) and SECRET.split(".")[0] not in json.dumps(report)
