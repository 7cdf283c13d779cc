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


def test_public_industry_total_does_not_move_by_an_unreleased_undisclosed_pledges_package(api):
    before = public_report(api)
    secret = pledge(api, "nld", amount=SECRET, disclosed=False)  # never released
    contracted_package(api, "P-SECRET", SECRET, UNITS, [secret["id"]])
    after = public_report(api)
    assert after["industry"]["total_usd"] == before["industry"]["total_usd"]
    assert after["industry"]["by_supplier"] == before["industry"]["by_supplier"]
    assert line(after, "R10")["ordered_units"] == line(before, "R10")["ordered_units"]
    assert SECRET.split(".")[0] not in json.dumps(after)
    # the same package funded by a disclosed pledge only counts: the rule withholds, it does not drop all
    disclosed = pledge(api, "deu", amount="1250000")
    contracted_package(api, "P-OPEN", "1250000", "250", [disclosed["id"]])
    assert public_report(api)["industry"]["total_usd"] == "1250000"
    # and the coordinators' full report counts both
    full = api.call("coordinator", "GET", "/api/v1/reports/triple-win").json()
    assert line(full, "R10")["ordered_units"] == str(int(UNITS) + 250)
