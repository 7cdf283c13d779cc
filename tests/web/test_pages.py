"""Dashboard pages in-process: who sees what, forms through the services, CSRF, and no undisclosed amount."""

from __future__ import annotations

import re

import pytest

from tests.web.conftest import log_in, post_form

PUBLIC_PAGES = ["/", "/pledges", "/requirements", "/packages", "/nations", "/nations/NLD",
                "/pledges?confidence=official"]
SENTINEL = "987654321.12"
SENTINEL_FORMS = ("987654321", "987,654,321", "987.654.321")
PLEDGE = {"date": "2025-10-01", "amount": "250000000", "currency": "EUR", "confidence": "official",
          "source_title": "Ministry statement", "source_url": "https://example.org/statement", "disclosed": "true"}


def errors_by_field(html: str) -> dict[str, str]:
    return dict(re.findall(r'id="(\w+)-error"[^>]*>([^<]+)<', html))


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_render_charts_with_confidence_and_a_table(web, path):
    page = web.get(path)
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    if 'class="chart"' in page.text:
        assert "Confidence included:" in page.text and "<table>" in page.text
        assert 'role="img"' in page.text and "-data\">" in page.text


def test_overview_shows_each_win_and_charts_the_reference_pledges(web):
    page = web.get("/").text
    for heading in ("Ukraine: its list funded", "Allies: contributions against fair share", "Industry:"):
        assert heading in page
    assert 'href="/nations/NLD"' in page  # the allies chart's table links each nation


def test_public_never_sees_an_undisclosed_amount_nor_an_unreleased_pledge(web, tokens):
    log_in(web, tokens["nation"])
    hidden = post_form(web, "/pledges/new", "/pledges/new", {**PLEDGE, "amount": SENTINEL, "disclosed": "false",
                                                              "status": "confirmed"})
    unreleased = post_form(web, "/pledges/new", "/pledges/new", {**PLEDGE, "amount": "123123123"})
    assert hidden.status_code == unreleased.status_code == 303
    hidden_id = hidden.headers["location"].split("/")[2].split("?")[0]
    assert SENTINEL_FORMS[1] in web.get(f"/pledges/{hidden_id}").text  # its own nation sees the amount
    web.post("/logout", data={"csrf_token": re.search(r'csrf_token" value="([^"]+)', web.get("/").text)[1]})
    log_in(web, tokens["coordinator"])
    assert post_form(web, "/releases", "/releases", {"pledge": [hidden_id]}).status_code == 303
    web.cookies.clear()
    for path in [*PUBLIC_PAGES, f"/pledges/{hidden_id}", "/pledges?status=confirmed"]:
        text = web.get(path).text
        assert not any(form in text for form in SENTINEL_FORMS), path
        assert "123,123,123" not in text, path
    assert "undisclosed" in web.get("/pledges?nation=NLD").text


def test_a_nation_records_a_pledge_and_sees_the_fields_it_got_wrong(web, tokens):
    log_in(web, tokens["nation"])
    bad = post_form(web, "/pledges/new", "/pledges/new", {**PLEDGE, "amount": "-5", "currency": "EUR"})
    assert bad.status_code == 422
    assert errors_by_field(bad.text) == {"amount": "amount must be a positive number, not -5"}
    assert 'value="-5"' in bad.text  # what the user typed is kept
    good = post_form(web, "/pledges/new", "/pledges/new", PLEDGE)
    assert good.status_code == 303
    shown = web.get(good.headers["location"]).text
    assert "EUR 250,000,000" in shown and "not yet released" in shown


def test_a_nation_moves_its_pledge_on_and_a_stale_form_is_refused(web, tokens):
    log_in(web, tokens["nation"])
    where = post_form(web, "/pledges/new", "/pledges/new", PLEDGE).headers["location"].split("?")[0]
    moved = post_form(web, where, f"{where}/status", {"status": "confirmed", "version": "1"})
    assert moved.status_code == 303 and "confirmed" in web.get(where).text
    stale = post_form(web, where, where, {**PLEDGE, "amount": "1", "version": "1"})
    assert stale.status_code == 409 and "reload and retry" in stale.text


def test_a_nation_cannot_touch_another_nations_pledge(web, tokens):
    german = web.get("/api/v1/pledges", params={"nation": "DEU"}).json()["items"][0]
    log_in(web, tokens["nation"])
    page = web.get(f"/pledges/{german['id']}")
    assert page.status_code == 200 and "Correct this pledge" not in page.text and "Change status" not in page.text
    edit = post_form(web, "/pledges", f"/pledges/{german['id']}", {**PLEDGE, "amount": "1", "version": "1"})
    move = post_form(web, "/pledges", f"/pledges/{german['id']}/status", {"status": "withdrawn"})
    assert edit.status_code == move.status_code == 403
    recorded = post_form(web, "/pledges", "/pledges/new", {**PLEDGE, "nation": "DEU"})
    assert "NLD" in web.get(recorded.headers["location"]).text  # a posted nation is ignored: the actor's own


def test_forms_without_the_sessions_csrf_token_are_refused(web, tokens):
    log_in(web, tokens["nation"])
    answer = web.post("/pledges/new", data={**PLEDGE, "csrf_token": "forged"})
    assert answer.status_code == 403 and "did not come from this site" in answer.text


def test_a_wrong_token_is_named_beside_the_token_field(web):
    answer = post_form(web, "/login", "/login", {"token": "rst_not-a-token"})
    assert answer.status_code == 401 and "token" in errors_by_field(answer.text)


def test_audit_log_is_for_auditors_and_coordinators_only(web, tokens):
    assert web.get("/audit", follow_redirects=False).headers["location"] == "/login?next=/audit"
    log_in(web, tokens["nation"])
    assert web.get("/audit").status_code == 403
    log_in(web, tokens["auditor"])
    page = web.get("/audit", params={"entity": "reference_data"})
    assert page.status_code == 200 and "1 event(s)" in page.text


def test_ukraine_changes_a_line_and_gets_a_new_version(web, tokens):
    log_in(web, tokens["ukraine"])
    before = re.search(r"Version (\d+)", web.get("/requirements").text)[1]
    line = {"ref": "R99", "item": "Test item", "category": "air_defense", "quantity": "0", "priority": "1",
            "need_by": "2026-12", "version": before}
    refused = post_form(web, "/requirements/lines/new", "/requirements/lines", line)
    assert refused.status_code == 422 and "quantity" in errors_by_field(refused.text)
    saved = post_form(web, "/requirements/lines/new", "/requirements/lines", {**line, "quantity": "10"})
    assert saved.status_code == 303
    assert f"Version {int(before) + 1}" in web.get("/requirements").text


def test_each_role_gets_the_menu_its_policy_allows(web, tokens):
    expected = {"coordinator": {"/audit", "/releases", "/forecast", "/plans"},
                "auditor": {"/audit", "/forecast", "/plans"}, "nation": set(), "ukraine": set()}
    for role, extra in expected.items():
        web.cookies.clear()
        log_in(web, tokens[role])
        nav = web.get("/nations").text.split("</nav>")[0]
        assert f"{role}-user ({role}" in web.get("/nations").text
        assert {p for p in ("/audit", "/releases", "/forecast", "/plans") if f'href="{p}"' in nav} == extra


def test_a_package_funded_by_an_undisclosed_pledge_withholds_its_figures_from_the_public(web, ref_db_url):
    from ramstein.auth.actor import Actor
    from ramstein.db.engine import make_engine, make_session_factory
    from ramstein.db.uow import UnitOfWork
    from ramstein.packages.schemas import PackageCreate
    from ramstein.packages.service import create_package
    from ramstein.releases.service import ReleaseCreate, release
    from tests.builders import make_pledge

    coordinator, engine = Actor("coord", "coordinator"), make_engine(ref_db_url)
    with UnitOfWork(make_session_factory(engine)) as uow:
        [hidden] = make_pledge(uow.session, Actor("nld", "nation", "NLD"), amount=SENTINEL, disclosed=False,
                               package_ref="P-77")
        create_package(uow.session, coordinator, PackageCreate(
            ref="P-77", funders=[{"nation": "NLD", "amount_usd": SENTINEL}]))
        release(uow.session, coordinator, ReleaseCreate(pledges=[hidden.id], packages=["P-77"]))
        uow.commit()
    engine.dispose()
    page = web.get("/packages").text
    assert "Package P-77" in page and "Amounts are withheld" in page
    assert not any(form in page for form in SENTINEL_FORMS)


def test_revoking_a_users_tokens_ends_their_dashboard_session(web, tokens, ref_db_url):
    from ramstein.auth.service import revoke_tokens
    from ramstein.db.engine import make_engine, make_session_factory
    from ramstein.db.uow import UnitOfWork
    from tests.builders import OPERATOR

    log_in(web, tokens["auditor"])
    assert web.get("/audit").status_code == 200
    engine = make_engine(ref_db_url)
    with UnitOfWork(make_session_factory(engine), write=True) as uow:
        revoke_tokens(uow.session, OPERATOR, "auditor-user")
        uow.commit()
    engine.dispose()
    assert web.get("/audit", follow_redirects=False).headers["location"] == "/login?next=/audit"
