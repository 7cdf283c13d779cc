"""The dashboard against what a probe of the running server found (issue 12): stored script links, sessions
that outlived logout or carried the token's hash, and pages built from the Host header."""

from __future__ import annotations

import base64
import json
import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from ramstein.auth.tokens import token_hash
from ramstein.db.engine import make_engine
from tests.web.conftest import csrf_of, log_in, post_form
from tests.web.test_pages import PLEDGE, PUBLIC_PAGES, errors_by_field

# item 1: stored script links

def test_a_script_link_is_refused_beside_the_source_url_field(web, tokens):
    log_in(web, tokens["nation"])
    answer = post_form(web, "/pledges/new", "/pledges/new", {**PLEDGE, "source_url": "javascript:alert(1)"})
    assert answer.status_code == 422
    assert "http" in errors_by_field(answer.text)["source_url"]


def test_a_stored_link_that_is_not_http_is_shown_as_text_not_as_a_link(web, tokens, ref_db_url):
    engine = make_engine(ref_db_url)
    with engine.begin() as conn:  # rows stored before the rule: the page is the second line of defence
        conn.execute(text("UPDATE sources SET url = 'JaVaScRiPt:alert(1)' WHERE id % 2 = 0"))
        conn.execute(text("UPDATE sources SET url = 'data:text/html,x' WHERE id % 2 = 1"))
    engine.dispose()
    log_in(web, tokens["coordinator"])
    for path in [*PUBLIC_PAGES, "/packages", "/pledges?nation=NLD"]:
        html = web.get(path).text
        assert not re.search(r'href="\s*(javascript|data)', html, re.I), path


def test_pages_hold_no_inline_script_or_event_handler(web, tokens):
    log_in(web, tokens["coordinator"])
    for path in [*PUBLIC_PAGES, "/plans", "/forecast", "/audit", "/releases", "/pledges/new", "/login"]:
        html = web.get(path).text
        scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", html, re.S)
        assert all('src="' in attrs or 'type="application/json"' in attrs for attrs, _ in scripts), path
        assert all(not body.strip() for attrs, body in scripts if 'src="' in attrs), path
        assert not re.search(r"\son[a-z]+\s*=", html, re.I), path
        assert "javascript:" not in html.lower(), path


# item 7: logout ends the session on the server

def test_the_cookie_from_before_logout_no_longer_opens_the_audit_log(web, tokens):
    log_in(web, tokens["auditor"])
    assert web.get("/audit").status_code == 200
    old = dict(web.cookies)
    assert web.post("/logout", data={"csrf_token": csrf_of(web.get("/").text)},
                    follow_redirects=False).status_code == 303
    web.cookies.clear()
    for name, value in old.items():
        web.cookies.set(name, value)
    replay = web.get("/audit", follow_redirects=False)
    assert replay.status_code == 303 and replay.headers["location"] == "/login?next=/audit"


# item 8: the Host header

def test_pages_build_no_url_from_the_host_header(web, tokens):
    for who in (None, "coordinator", "nation"):
        if who:
            log_in(web, tokens[who])
        for path in [*PUBLIC_PAGES, "/login", "/no-such-page", "/plans", "/pledges/new", "/pledges/1"]:
            answer = web.get(path, headers={"Host": "evil.example"}, follow_redirects=False)
            assert "evil.example" not in answer.text, path
            assert "evil.example" not in answer.headers.get("location", ""), path


# item 11: the cookie holds a session id only; a Secure setting

def _cookie_payload(value: str) -> dict:
    data = value.split(".")[0]
    return json.loads(base64.b64decode(data + "=" * (-len(data) % 4)))


def test_the_session_cookie_holds_a_session_id_and_not_the_tokens_hash(web, tokens):
    log_in(web, tokens["auditor"])
    cookie = web.cookies["ramstein_session"]
    payload = _cookie_payload(cookie)
    assert list(payload) == ["id"] and isinstance(payload["id"], str) and len(payload["id"]) >= 32
    assert token_hash(tokens["auditor"]) not in cookie and tokens["auditor"] not in json.dumps(payload)


@pytest.mark.parametrize("secure", [True, False])
def test_the_secure_cookie_setting(ref_db_url, tokens, secure, monkeypatch):
    from ramstein.api.app import create_app
    from ramstein.config import get_settings

    monkeypatch.setenv("RAMSTEIN_SECURE_COOKIES", "true" if secure else "false")
    app = create_app(get_settings(database_url=ref_db_url, session_secret="s"))
    with TestClient(app, base_url="https://testserver") as client:
        form = client.get("/login")
        cookie = form.headers["set-cookie"]
        assert ("; secure" in cookie.lower()) is secure and "httponly" in cookie.lower()
        log_in(client, tokens["auditor"])
        assert client.get("/audit").status_code == 200
    app.state.engine.dispose()
