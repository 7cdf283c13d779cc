"""The dashboard against what a probe of the running server found (issue 12): stored script links, sessions
that outlived logout or carried the token's hash, and pages built from the Host header."""

from __future__ import annotations

import re

from sqlalchemy import text

from ramstein.db.engine import make_engine
from tests.web.conftest import log_in, post_form
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
