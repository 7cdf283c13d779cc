"""What a probe of the running server found (issue 12), as the API answers it now: one test per finding."""

from __future__ import annotations

import pytest

from tests.api.test_authorization_matrix import OFFER, PLEDGE

BAD_URLS = ["javascript:alert(document.cookie)", "JaVaScRiPt:alert(1)", "java\tscript:alert(1)",
            "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)"]


# item 1: stored javascript: links

@pytest.mark.parametrize("url", BAD_URLS)
def test_a_pledge_source_that_is_not_http_is_refused_naming_the_field(api, url):
    body = {**PLEDGE, "sources": [{"title": "MoD", "url": url}]}
    answer = api.call("nld", "POST", "/api/v1/pledges", json=body)
    assert answer.status_code == 422, answer.text
    assert answer.json()["field"] == "sources.0.url" and "http" in answer.json()["message"]


def test_a_pledge_update_offer_and_delivery_source_that_is_not_http_is_refused(api):
    pledge = api.call("nld", "POST", "/api/v1/pledges", json=PLEDGE).json()[0]
    bad = [{"title": "x", "url": "javascript:alert(1)"}]
    answers = [
        api.call("nld", "PATCH", f"/api/v1/pledges/{pledge['id']}", json={"sources": bad, "version": 1}),
        api.call("coordinator", "POST", "/api/v1/offers", json={**OFFER, "sources": bad}),
        api.call("coordinator", "POST", "/api/v1/packages/P-1/orders/1/deliveries",
                 json={"quantity": "1", "date": "2025-01-01", "confidence": "official", "sources": bad}),
    ]
    assert [(a.status_code, a.json()["field"]) for a in answers] == [(422, "sources.0.url")] * 3


def test_a_source_with_a_title_and_no_url_is_still_accepted(api):
    body = {**PLEDGE, "sources": [{"title": "Reuters, 2025-10-01", "url": ""}]}
    assert api.call("nld", "POST", "/api/v1/pledges", json=body).status_code == 201


@pytest.mark.parametrize("path", ["/api/v1/pledges", "/healthz", "/", "/pledges", "/static/app.css", "/no-such-page",
                                  "/openapi.json"])
def test_every_response_carries_a_policy_against_inline_script_sniffing_and_framing(api, path):
    headers = api.client.get(path).headers
    policy = {d.split()[0]: d.split()[1:] for d in headers["content-security-policy"].split(";") if d.strip()}
    assert policy["script-src"] == ["'self'"] and policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"] and policy["base-uri"] == ["'none'"]
    assert headers["x-content-type-options"] == "nosniff" and headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "no-referrer"


# item 9: the login throttle

def _bad_logins(api, count: int, **headers: str) -> list[int]:
    return [api.client.get("/api/v1/pledges", headers={"Authorization": f"Bearer rst_wrong{i}", **headers}).status_code
            for i in range(count)]


def test_failures_are_throttled_but_a_valid_token_from_the_same_address_still_works(api):
    assert _bad_logins(api, 10) == [401] * 10
    assert _bad_logins(api, 1) == [429]
    assert api.call("nld", "GET", "/api/v1/pledges").status_code == 200


def test_ramstein_serve_does_not_let_a_local_client_escape_the_throttle_by_rotating_x_forwarded_for(
        ref_db_url, monkeypatch):
    """The probe's request, on a real server run as `ramstein serve` runs it (uvicorn by default believes
    X-Forwarded-For from any client on 127.0.0.1)."""
    import threading
    import time

    import httpx
    import uvicorn
    from typer.testing import CliRunner

    from ramstein.api.app import create_app
    from ramstein.cli.app import app as cli
    from ramstein.config import Settings
    from tests.web.server import free_port

    given: dict[str, object] = {}
    monkeypatch.setenv("RAMSTEIN_DATABASE_URL", ref_db_url)  # serve sets both; restored after the test
    monkeypatch.setenv("RAMSTEIN_SESSION_SECRET", "s")
    monkeypatch.setattr(uvicorn, "run", lambda target, **options: given.update(options))
    port = free_port()
    assert CliRunner().invoke(cli, ["--db", ref_db_url, "serve", "--port", str(port)]).exit_code == 0
    options = {k: given[k] for k in ("proxy_headers", "forwarded_allow_ips") if k in given}
    app = create_app(Settings(database_url=ref_db_url))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", **options))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.02)
    try:
        answers = [httpx.get(f"http://127.0.0.1:{port}/api/v1/pledges", headers={
            "Authorization": "Bearer rst_wrong", "X-Forwarded-For": f"198.51.100.{i}"}).status_code
            for i in range(12)]
    finally:
        server.should_exit = True
        thread.join(10)
        app.state.engine.dispose()
    assert answers == [401] * 10 + [429] * 2


def test_x_forwarded_for_is_used_only_from_a_configured_proxy(ref_db_url):
    from fastapi.testclient import TestClient

    from ramstein.api.app import create_app
    from ramstein.config import Settings

    app = create_app(Settings(database_url=ref_db_url, trusted_proxies=["10.0.0.0/8"]))

    def bad(client: TestClient, forwarded: str) -> int:
        return client.get("/api/v1/pledges", headers={"Authorization": "Bearer rst_wrong",
                                                      "X-Forwarded-For": forwarded}).status_code

    with TestClient(app, client=("10.0.0.5", 5000)) as proxied:
        # behind the proxy, each client is counted on its own (the proxy's own address is not blamed) ...
        assert [bad(proxied, "203.0.113.7") for _ in range(11)] == [401] * 10 + [429]
        assert bad(proxied, "203.0.113.8") == 401
        # ... and a client's own forged entry before the proxy's is not believed
        assert bad(proxied, "1.2.3.4, 203.0.113.7") == 429
    with TestClient(app, client=("192.0.2.1", 5000)) as direct:
        assert [bad(direct, f"203.0.113.{i}") for i in range(11)] == [401] * 10 + [429]
    app.state.engine.dispose()


# item 11: API documentation without a CDN, strict amounts

def test_the_api_documentation_pages_load_nothing_from_a_cdn(api):
    for path in ("/docs", "/redoc", "/docs/oauth2-redirect"):
        answer = api.client.get(path)
        assert answer.status_code == 404 or "cdn" not in answer.text.lower(), path
    assert api.client.get("/openapi.json").json()["info"]["title"] == "Ramstein"


@pytest.mark.parametrize("amount", ["1_000", "\uff11\uff10\uff10\uff10", " 1000", "1000 ", "1000\n", "\u0661\u0662",
                                    "1e3", "1,000"])
def test_an_amount_that_is_not_plain_ascii_digits_is_refused(api, amount):
    pledge = api.call("nld", "POST", "/api/v1/pledges", json={**PLEDGE, "amount": amount})
    offer = api.call("coordinator", "POST", "/api/v1/offers", json={**OFFER, "unit_price": amount})
    assert (pledge.status_code, pledge.json()["field"]) == (422, "amount"), pledge.text
    assert (offer.status_code, offer.json()["field"]) == (422, "unit_price"), offer.text


def test_plain_amounts_and_json_numbers_are_still_accepted(api):
    for amount in ("1000", "1000.50", "0.000001", 1000, 1000.5):
        assert api.call("nld", "POST", "/api/v1/pledges", json={**PLEDGE, "amount": amount}).status_code == 201


@pytest.mark.parametrize("amount", ["100\n", "1_000", "\uff11\uff10", " 100"])
def test_a_what_if_pool_amount_that_is_not_plain_ascii_digits_is_refused(api, amount):
    body = {"scenario": {"changes": [{"op": "add_pool", "pool": {"id": "X", "donor": "NLD", "amount": amount}}]},
            "time_limit": 5}
    answer = api.call("coordinator", "POST", "/api/v1/plans/what-if", json=body)
    assert answer.status_code == 422 and answer.json()["field"].endswith(".amount"), answer.text
