"""Retries, races and stale writes lose nothing and duplicate nothing; bad requests get a clear 4xx."""

from __future__ import annotations

import threading
from decimal import Decimal

from sqlalchemy import func, select

from ramstein.auth.service import revoke_tokens
from ramstein.db.uow import UnitOfWork
from ramstein.models import Event, Pledge
from tests.api.test_authorization_matrix import OFFER, PLEDGE, create_nld_pledge
from tests.builders import OPERATOR
from tests.open_data.conftest import readable


def count(api, model=Pledge) -> int:
    with UnitOfWork(api.app.state.sessions) as uow:
        return uow.session.execute(select(func.count()).select_from(model)).scalar_one()


def test_a_retry_with_the_same_key_returns_the_first_response_and_creates_nothing(api):
    before = count(api)
    first = api.call("nld", "POST", "/api/v1/pledges", json=PLEDGE, headers={"Idempotency-Key": "k-1"})
    again = api.call("nld", "POST", "/api/v1/pledges", json=PLEDGE, headers={"Idempotency-Key": "k-1"})
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json() and again.headers["Idempotent-Replayed"] == "true"
    assert count(api) == before + 1


def test_the_same_key_with_a_different_body_is_refused(api):
    api.call("nld", "POST", "/api/v1/pledges", json=PLEDGE, headers={"Idempotency-Key": "k-2"})
    other = api.call("nld", "POST", "/api/v1/pledges", json={**PLEDGE, "amount": "2"},
                     headers={"Idempotency-Key": "k-2"})
    assert other.status_code == 422 and other.json()["field"] == "Idempotency-Key"


def test_concurrent_retries_create_exactly_one_record(api):
    before = count(api)
    results = []

    def post() -> None:
        results.append(api.call("nld", "POST", "/api/v1/pledges", json=PLEDGE,
                                headers={"Idempotency-Key": "race"}))

    threads = [threading.Thread(target=post) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert {r.status_code for r in results} == {201}
    assert len({r.json()[0]["id"] for r in results}) == 1
    assert count(api) == before + 1


def test_a_stale_version_gets_409_and_changes_nothing(api):
    pledge = create_nld_pledge(api)
    ok = api.call("nld", "PATCH", f"/api/v1/pledges/{pledge['id']}", json={"note": "one", "version": 1})
    assert ok.status_code == 200 and ok.headers["ETag"] == '"2"'
    events = count(api, Event)
    stale = api.call("nld", "PATCH", f"/api/v1/pledges/{pledge['id']}", json={"note": "two", "version": 1})
    assert stale.status_code == 409 and stale.json()["field"] == "version"
    assert api.call("nld", "GET", f"/api/v1/pledges/{pledge['id']}").json()["note"] == "one"
    assert count(api, Event) == events


def test_if_match_works_and_an_update_without_a_version_is_refused(api):
    pledge = create_nld_pledge(api)
    path = f"/api/v1/pledges/{pledge['id']}"
    assert api.call("nld", "PATCH", path, json={"note": "x"}).status_code == 428
    etag = api.call("nld", "GET", path).headers["ETag"]
    response = api.call("nld", "PATCH", path, json={"amount": "1234567.89"}, headers={"If-Match": etag})
    assert response.status_code == 200
    body = response.json()
    assert body["amount"] == "1234567.89" and body["usd_rate_date"] == "2025-10-01"


def test_an_illegal_transition_is_refused_and_changes_nothing(api):
    pledge = create_nld_pledge(api)
    response = api.call("nld", "POST", f"/api/v1/pledges/{pledge['id']}/transitions",
                        json={"status": "disbursed", "version": 1})
    assert response.status_code == 409 and "cannot become disbursed" in response.json()["message"]
    assert api.call("nld", "GET", f"/api/v1/pledges/{pledge['id']}").json()["status"] == "announced"


def test_bad_requests_get_json_4xx_never_500(api):
    cases = [
        ({"content": b"{not json", "headers": {"Content-Type": "application/json"}}, 422),
        ({"json": {**PLEDGE, "colour": "red"}}, 422),
        ({"json": {**PLEDGE, "amount": [1]}}, 422),
        ({"json": {**PLEDGE, "currency": "XXY"}}, 422),
        ({"json": {**PLEDGE, "date": "2025-02-30"}}, 422),
        ({"json": {**PLEDGE, "sources": []}}, 422),
        ({"content": b"x" * (2 << 20), "headers": {"Content-Type": "application/json"}}, 413),
    ]
    before = count(api)
    for kwargs, status in cases:
        response = api.call("nld", "POST", "/api/v1/pledges", **kwargs)
        assert response.status_code == status, (kwargs.get("json"), response.text)
        assert set(response.json()) == {"code", "message", "field"}
    assert count(api) == before


def test_failed_logins_are_rate_limited(api):
    statuses = [api.client.get("/api/v1/pledges", headers={"Authorization": "Bearer nope"}).status_code
                for _ in range(12)]
    assert statuses[:10] == [401] * 10 and statuses[-1] == 429


def test_a_revoked_token_no_longer_works(api):
    assert api.call("nld", "GET", "/api/v1/pledges").status_code == 200
    with UnitOfWork(api.app.state.sessions) as uow:
        revoke_tokens(uow.session, OPERATOR, "nld-mod")
        uow.commit()
    assert api.call("nld", "GET", "/api/v1/pledges").status_code == 401


SENTINEL = "987654321.12"


def test_an_undisclosed_amount_never_appears_in_any_public_response(api):
    pledge = api.call("nld", "POST", "/api/v1/pledges",
                      json={**PLEDGE, "amount": SENTINEL, "disclosed": False}).json()[0]
    assert pledge["amount"] == SENTINEL  # its own nation sees it
    assert api.call("coordinator", "POST", "/api/v1/releases", json={"pledges": [pledge["id"]]}).status_code == 201
    digits = SENTINEL.replace(".", "")
    paths = [path for path in api.client.get("/openapi.json").json()["paths"] if "{" not in path]
    paths += [f"/api/v1/pledges/{pledge['id']}"]
    paths += ["/open-data"]  # the download page (the open-data files are API paths, zipped or not)
    for who in ("public", "deu", "ukraine"):
        for path in paths:
            body = readable(api.call(who, "GET", path, params={"limit": 1000}).content)
            assert SENTINEL not in body and digits not in body.replace(".", ""), (who, path)
    shown = api.call("public", "GET", f"/api/v1/pledges/{pledge['id']}").json()
    assert shown["amount"] is None and shown["disclosed"] is False and shown["usd_amount"] is None


def test_keys_are_kept_a_day_and_purged_after_two(api):
    import datetime as dt

    from ramstein.api.idempotency import purge_expired
    from ramstein.models import IdempotencyKey

    api.call("nld", "POST", "/api/v1/pledges", json=PLEDGE, headers={"Idempotency-Key": "old"})
    with UnitOfWork(api.app.state.sessions, write=True) as uow:
        now = dt.datetime.now(dt.UTC)
        assert purge_expired(uow.session, now + dt.timedelta(hours=24)) == 0
        assert purge_expired(uow.session, now + dt.timedelta(hours=49)) == 1
        uow.commit()
    assert count(api, IdempotencyKey) == 0


def test_nul_characters_are_refused_before_reaching_the_database(api):
    before = count(api)
    assert api.call("public", "GET", "/api/v1/requirements", params={"category": "\x00"}).status_code == 422
    response = api.call("nld", "POST", "/api/v1/pledges", json={**PLEDGE, "note": "a\x00b"})
    assert response.status_code == 422 and response.json()["message"] == "NUL characters are not accepted"
    assert count(api) == before


def test_an_amount_is_kept_to_the_last_digit_or_refused(api):
    """What the ledger accepts reads back to the last digit on either back end; what it could not
    keep exactly (SQLite stores NUMERIC as a double) is refused, never rounded."""
    for amount in ("8589934591.123456", "98765432109876", "1234567.89"):
        kept = api.call("nld", "POST", "/api/v1/pledges", json={**PLEDGE, "amount": amount})
        assert kept.status_code == 201, kept.text
        again = api.call("nld", "GET", f"/api/v1/pledges/{kept.json()[0]['id']}")
        assert Decimal(again.json()["amount"]) == Decimal(amount)
    before = count(api)
    for amount in ("98765432109876.543219", "9876543210987.65"):
        refused = api.call("nld", "POST", "/api/v1/pledges", json={**PLEDGE, "amount": amount})
        assert refused.status_code == 422 and refused.json()["field"] == "amount"
        assert "keeps exactly" in refused.json()["message"]
    assert count(api) == before


def test_an_offer_price_the_ledger_could_not_keep_is_refused(api):
    refused = api.call("coordinator", "POST", "/api/v1/offers", json={**OFFER, "unit_price": "9876543210987.65"})
    assert refused.status_code == 422 and refused.json()["field"] == "unit_price"
    assert "keeps exactly" in refused.json()["message"]
    kept = api.call("coordinator", "POST", "/api/v1/offers", json={**OFFER, "unit_price": "8589934591.123456"})
    assert kept.status_code == 201 and kept.json()["unit_price"] == "8589934591.123456"
