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
