import pytest
from fastapi.testclient import TestClient

from ramstein.api.app import create_app
from ramstein.config import Settings
from ramstein.db.engine import make_session_factory
from ramstein.db.uow import UnitOfWork
from tests.builders import make_pledge


@pytest.fixture
def client(ref_db_url):
    app = create_app(Settings(database_url=ref_db_url))
    with TestClient(app) as found:
        yield found
    app.state.engine.dispose()


def test_health_and_readiness(client):
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/readyz").json() == {"status": "ok"}


@pytest.mark.parametrize("path", ["/api/v1/nations", "/api/v1/pledges", "/api/v1/requirements", "/api/v1/offers"])
def test_lists_are_paginated_with_a_total(client, path):
    full = client.get(path, params={"limit": 1000}).json()
    page = client.get(path, params={"limit": 2, "offset": 1}).json()
    assert full["total"] == len(full["items"]) > 2
    assert page["total"] == full["total"] and page["items"] == full["items"][1:3]


def test_pledges_carry_sources_converted_amounts_and_filters(client):
    items = client.get("/api/v1/pledges", params={"nation": "NLD", "limit": 100}).json()["items"]
    first = next(p for p in items if p["package"] == "PURL-1")
    assert first["amount"] == "500000000" and first["currency"] == "EUR"
    assert first["usd_rate_date"] == "2025-08-04" and first["sources"][0]["title"]
    official = client.get("/api/v1/pledges", params={"confidence": "official"}).json()["items"]
    assert official and all(p["confidence"] == "official" for p in official)


def test_undisclosed_amounts_are_null_in_public_reads(client, ref_db_url):
    from ramstein.db.engine import make_engine

    engine = make_engine(ref_db_url)
    with UnitOfWork(make_session_factory(engine)) as uow:
        make_pledge(uow.session, amount="777777777.77", disclosed=False)
        uow.commit()
    engine.dispose()
    body = client.get("/api/v1/pledges", params={"limit": 1000}).text
    assert "777777777" not in body
    hidden = [p for p in client.get("/api/v1/pledges", params={"limit": 1000}).json()["items"]
              if not p["disclosed"]]
    assert hidden and all(p["amount"] is None and p["usd_amount"] is None for p in hidden)


@pytest.mark.parametrize("params", [{"limit": "abc"}, {"limit": 0}, {"offset": -1}, {"status": "paid"},
                                    {"since": "2025-02-30"}, {"nation": "TOOLONG"}])
def test_bad_query_gets_a_json_4xx_naming_the_field(client, params):
    response = client.get("/api/v1/pledges", params=params)
    assert response.status_code == 422
    body = response.json()
    assert set(body) == {"code", "message", "field"} and body["field"] == next(iter(params))
