"""Requests a probe of the running server answered with 500: each now gets a JSON 4xx naming the field."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

PLEDGE = {"nation": "NLD", "date": "2025-10-01", "amount": "1000000", "currency": "EUR", "status": "announced",
          "confidence": "official", "sources": [{"title": "Statement", "url": "https://example.org/s"}]}


@pytest.fixture
def probe(api):
    """The API as a client sees it: a server error is a 500 answer, not an exception in the test."""
    api.client = TestClient(api.app, raise_server_exceptions=False)
    with api.client:
        yield api


def assert_refused(response, status: int, field: str) -> None:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"code", "message", "field"} and body["message"]
    assert body["field"] == field, body


def test_comparing_with_a_plan_id_beyond_any_integer_is_refused_naming_it(probe):
    answer = probe.call("coordinator", "GET", "/api/v1/plans/compare?base=99999999999999999999&other=1")
    assert_refused(answer, 422, "base")
    answer = probe.call("coordinator", "GET", "/api/v1/plans/compare?base=1&other=99999999999999999999")
    assert_refused(answer, 422, "other")


def test_a_note_holding_a_lone_surrogate_is_refused_naming_the_note(probe):
    body = json.dumps({**PLEDGE, "note": "\ud800"})  # json.dumps writes it as the escape \ud800
    assert "\\ud800" in body
    answer = probe.call("nld", "POST", "/api/v1/pledges", content=body, headers={"Content-Type": "application/json"})
    assert_refused(answer, 422, "note")
    # the same code point as raw (CESU-8) bytes, which Python's JSON decoder lets through too
    raw = json.dumps({**PLEDGE, "note": "x"}).encode().replace(b'"x"', b'"\xed\xa0\x80"')
    answer = probe.call("nld", "POST", "/api/v1/pledges", content=raw, headers={"Content-Type": "application/json"})
    assert_refused(answer, 422, "note")
    lone_low = json.dumps({**PLEDGE, "sources": [{"title": "a\udc00", "url": "https://example.org/s"}]})
    answer = probe.call("nld", "POST", "/api/v1/pledges", content=lone_low,
                        headers={"Content-Type": "application/json"})
    assert_refused(answer, 422, "sources.0.title")


def test_a_surrogate_pair_is_a_character_like_any_other(probe):
    body = json.dumps({**PLEDGE, "note": "\U0001F1FA\U0001F1E6 \\ud800 is text here"})  # escaped as pairs
    assert "\\ud83c" in body
    answer = probe.call("nld", "POST", "/api/v1/pledges", content=body, headers={"Content-Type": "application/json"})
    assert answer.status_code == 201, answer.text
    assert answer.json()[0]["note"] == "\U0001F1FA\U0001F1E6 \\ud800 is text here"


def nested(levels: int) -> dict:
    doc: dict = {"a": None}
    inner = doc
    for _ in range(levels):
        inner["a"] = {"a": None}
        inner = inner["a"]
    return doc


@pytest.mark.parametrize("path, body", [
    ("/api/v1/plans", {"scenario": nested(900), "horizon": 12, "time_limit": 30}),
    ("/api/v1/plans/what-if", {"scenario": nested(900), "time_limit": 30}),
    ("/api/v1/plans/what-if", {"scenario": {"name": "deep", "changes": [], "note": nested(900)}, "time_limit": 30}),
])
def test_a_scenario_nested_900_levels_deep_is_refused(probe, path, body):
    answer = probe.call("coordinator", "POST", path, content=json.dumps(body),
                        headers={"Content-Type": "application/json"})
    assert_refused(answer, 422, "scenario")
    assert "levels" in answer.json()["message"]
