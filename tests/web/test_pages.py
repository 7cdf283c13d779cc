"""Dashboard pages in-process: who sees what, forms through the services, CSRF, and no undisclosed amount."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from html import unescape

import pytest

from tests.web.conftest import log_in, post_form

PUBLIC_PAGES = ["/", "/pledges", "/requirements", "/packages", "/nations", "/nations/NLD",
                "/pledges?confidence=official"]
SENTINEL = "987654321.12"
SENTINEL_FORMS = ("987654321", "987,654,321", "987.654.321")
PLEDGE = {"date": "2025-10-01", "amount": "250000000", "currency": "EUR", "confidence": "official",
          "source_title": "Ministry statement", "source_url": "https://example.org/statement", "disclosed": "true"}


def category_words(code: str) -> str:
    from ramstein.web.wording import category

    return category(code)


def errors_by_field(html: str) -> dict[str, str]:
    return {name: unescape(text) for name, text in re.findall(r'id="(\w+)-error"[^>]*>([^<]+)<', html)}


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
    from ramstein.deliveries.service import record_delivery
    from ramstein.packages.schemas import PackageCreate
    from ramstein.packages.service import create_package, transition_package
    from ramstein.releases.service import ReleaseCreate, release
    from ramstein.schemas import SourceIn
    from tests.builders import make_pledge

    coordinator, engine = Actor("coord", "coordinator"), make_engine(ref_db_url)
    with UnitOfWork(make_session_factory(engine)) as uow:
        [hidden] = make_pledge(uow.session, Actor("nld", "nation", "NLD"), amount=SENTINEL, disclosed=False)
        package = create_package(uow.session, coordinator, PackageCreate(
            ref="P-77", funders=[{"nation": "NLD", "amount_usd": SENTINEL}], funding_pledges=[hidden.id],
            orders=[{"offer": "OF-155-US", "requirement": "R10", "quantity": "10", "cost_usd": SENTINEL,
                     "month": 0}]))
        for status in ("approved", "contracted"):
            transition_package(uow.session, coordinator, "P-77", status)
        record_delivery(uow.session, coordinator, package.orders[0].id, Decimal(7), dt.date(2025, 11, 3),
                        "reported", [SourceIn(title="Notice", url="https://example.org/n")])
        release(uow.session, coordinator, ReleaseCreate(pledges=[hidden.id], packages=["P-77"]))
        uow.commit()
    engine.dispose()
    page = web.get("/packages").text
    assert "Package P-77" in page and "Amounts and units are withheld" in page
    assert not any(form in page for form in SENTINEL_FORMS)
    # units x the offer's released price would give the amount away: ordered, delivered and outstanding
    # units read "undisclosed" like the cost, and its deliveries are listed without units and not charted
    row = re.search(r"<tr><td>R10</td>.*?</tr>", page, re.S)[0]
    assert re.findall(r'<td class="num">([^<]+)</td>', row) == ["0"] + ["undisclosed"] * 4
    delivery = re.search(r"<tr><td>2025-11-03</td><td>P-77</td>.*?</tr>", page, re.S)[0]
    assert re.findall(r'<td class="num">([^<]+)</td>', delivery) == ["undisclosed"]
    assert "P-77" not in web.get("/packages?by=package").text.split("Units delivered by month")[1].split("</figure>")[0]


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


def timeline_table(html: str) -> str:
    return re.search(r"<table>\s*<caption>Units delivered by month.*?</table>", html, re.S)[0]


def test_packages_show_a_delivery_timeline_with_late_orders_and_released_packages_only(web, tokens, ref_db_url):
    from tests.web.conftest import HIDDEN_UNITS, add_packages

    add_packages(ref_db_url)
    page = web.get("/packages").text
    assert "Units delivered by month, per item" in page
    orders = re.search(r"<table>\s*<caption>Ordered against delivered, per order.*?</table>", page, re.S)[0]
    # each order as 100%: delivered, outstanding but not yet due, late
    assert [re.findall(r'<td class="num">([^<]+)</td>', row) for row in orders.split("</tr>")[1:-1]] == [
        ["40", "0", "60"], ["100", "0", "0"], ["0", "100", "0"]]
    assert "P-1 · R10 · 155mm artillery shell (100 ordered)" in orders
    months = timeline_table(page)
    # every month from the first delivery to the last, a quiet one as zero; P-HIDDEN's September is not there
    assert re.findall(r'<th scope="row">(\d{4}-\d\d)</th>', months) == ["2025-03", "2025-04", "2025-05", "2025-06",
                                                                         "2025-07", "2025-08"]
    assert "FPV strike drone" in months and "155mm artillery shell" in months
    timeline = page.split("Units delivered by month")[1]
    assert "Confidence included: official, reported" in timeline
    assert "late: due 2025-07, 60 not delivered" in page
    assert "due 2028-01" in page and "delivered in full" in page
    assert "1 order(s) late or short" in page
    assert "Package P-HIDDEN" not in page and "4,321" not in page and HIDDEN_UNITS not in page
    assert "Delivery notice" in page  # each delivery lists its sources

    log_in(web, tokens["coordinator"])
    inside = web.get("/packages").text
    assert "Package P-HIDDEN" in inside and "4,321" in inside and "2 order(s) late or short" in inside
    one = web.get("/packages", params={"package": "P-HIDDEN", "by": "package"}).text
    assert "Package P-1<" not in one and "Units delivered by month, per package" in one
    assert re.findall(r'<th scope="row">(\d{4}-\d\d)</th>', timeline_table(one)) == ["2025-09"]


def test_list_deliveries_follows_the_package_rule(ref_db_url):
    from ramstein.auth.actor import PUBLIC, Actor
    from ramstein.db.engine import make_engine, make_session_factory
    from ramstein.db.uow import UnitOfWork
    from ramstein.deliveries.repository import list_deliveries
    from tests.web.conftest import add_packages

    add_packages(ref_db_url)
    engine = make_engine(ref_db_url)
    with UnitOfWork(make_session_factory(engine)) as uow:
        public = list_deliveries(uow.session, PUBLIC)
        auditor = list_deliveries(uow.session, Actor("a", "auditor"))
        nation = list_deliveries(uow.session, Actor("n", "nation", "NLD"))
        only = list_deliveries(uow.session, Actor("a", "auditor"), package_ref="P-HIDDEN")
        assert {r.package.ref for r in public} == {r.package.ref for r in nation} == {"P-1"}
        assert [r.delivery.date.isoformat() for r in public] == ["2025-03-02", "2025-05-20", "2025-08-14"]
        assert {r.package.ref for r in auditor} == {"P-1", "P-HIDDEN"} and len(auditor) == 4
        assert [(r.package.ref, r.delivery.quantity) for r in only] == [("P-HIDDEN", 4321)]
    engine.dispose()


def test_forecast_without_a_plan_tells_an_auditor_there_is_none_and_runs_one_for_a_coordinator(web, tokens):
    log_in(web, tokens["auditor"])
    page = web.get("/forecast")
    assert page.status_code == 200 and "There is no plan yet" in page.text and 'class="chart"' not in page.text
    assert web.get("/api/v1/plans", headers={"Authorization": f"Bearer {tokens['auditor']}"}).json()["total"] == 0
    log_in(web, tokens["coordinator"])
    page = web.get("/forecast")
    assert page.status_code == 200 and "computed now by the allocation engine" in page.text
    assert "Expected completion by category" in page.text
    assert post_form(web, "/plans", "/plans", {}).status_code == 303  # a stored plan (a GET stores none)
    log_in(web, tokens["auditor"])
    assert "Expected completion by category" in web.get("/forecast").text
    log_in(web, tokens["nation"])
    assert web.get("/forecast").status_code == 403


WHATIF = {"whatif_name": "more money, late Patriots, buy European", "pool_donor": "DEU", "pool_amount": "2000000000",
          "pool_from": "0", "delay_offer": "OF-PATRIOT-RTX", "delay_months": "6", "min_eu_share": "30"}


def test_a_coordinator_runs_a_what_if_and_sees_it_beside_the_plan_in_force(web, tokens):
    api = {"Authorization": f"Bearer {tokens['coordinator']}"}
    log_in(web, tokens["coordinator"])
    adopted = post_form(web, "/plans", "/plans", {}).headers["location"].split("=")[1]
    assert post_form(web, "/plans", f"/plans/{adopted}/adopt", {}).status_code == 303
    ran = post_form(web, "/plans", "/plans/what-if", {**WHATIF, "changes": '[{"op": "set_priority", '
                                                      '"requirement": "R01", "priority": 3}]'})
    assert ran.status_code == 303
    # the ledger has not changed since the adopted plan, so that plan is the base: no second base is run
    assert ran.headers["location"] == f"/plans?base={adopted}&compare={int(adopted) + 1}"
    other = web.get(f"/api/v1/plans/{int(adopted) + 1}", headers=api).json()
    assert other["scenario"] == {"name": WHATIF["whatif_name"], "changes": [
        {"op": "add_pool", "pool": {"id": "what-if-DEU", "donor": "DEU", "amount": "2000000000", "available_from": 0}},
        {"op": "delay_offer", "offer": "OF-PATRIOT-RTX", "months": 6},
        {"op": "set_share", "kind": "min", "region": "EU", "share": 0.3},
        {"op": "set_priority", "requirement": "R01", "priority": 3}]}
    assert {"OF-PATRIOT-RTX": 42} == {o["id"]: o["lead_time"] for o in other["instance"]["offers"]
                                      if o["id"] == "OF-PATRIOT-RTX"}
    expected = web.get("/api/v1/plans/compare", params={"base": adopted, "other": int(adopted) + 1},
                       headers=api).json()
    page = web.get(ran.headers["location"]).text
    assert f"Plan {adopted} and plan {int(adopted) + 1} side by side" in page
    assert f"Plan {int(adopted) + 1}: {WHATIF['whatif_name']}" in page
    change = Decimal(expected["total_cost"]["change"])
    assert change != 0 and f"{'+' if change > 0 else ''}{format(change.normalize(), ',f')}" in page
    assert f"{expected['objective']['change']:+.2f}" in page
    changed = re.search(r"<caption>Requirement lines whose ordered share moved.*?</table>", page, re.S)[0]
    assert expected["changed_lines"] and \
        re.findall(r"<tr><td>(\w+)</td>", changed) == [x["requirement"] for x in expected["changed_lines"]]
    first = expected["changed_lines"][0]["requirement"]
    ordered = {f["requirement"]: f["ordered"] for f in other["result"]["fulfilment"]}
    row = re.search(rf"<tr><td>{first}</td>.*?</tr>", changed, re.S)[0]
    assert re.findall(r'<td class="num">([^<]+)</td>', row)[3] == format(Decimal(str(ordered[first])).normalize(), ",f")
    categories = re.search(r"<caption>Share of each category.*?</table>", page, re.S)[0]
    assert re.findall(r'<th scope="row">([^<]+)</th>', categories) == \
        [category_words(c["category"]) for c in expected["categories"]]  # categories as words


def test_a_what_if_without_a_plan_runs_the_ledger_unchanged_as_its_base(web, tokens):
    log_in(web, tokens["coordinator"])
    ran = post_form(web, "/plans", "/plans/what-if", {"min_eu_share": "40"})
    assert ran.status_code == 303 and ran.headers["location"] == "/plans?base=1&compare=2"
    plans = web.get("/api/v1/plans", headers={"Authorization": f"Bearer {tokens['coordinator']}"}).json()["items"]
    assert [(p["id"], p["scenario"]) for p in plans] == [
        (2, {"name": "what-if", "changes": [{"op": "set_share", "kind": "min", "region": "EU", "share": 0.4}]}),
        (1, None)]


@pytest.mark.parametrize(("fields", "expected"), [
    ({"pool_donor": "DEU", "pool_amount": "-5"}, {"pool_amount": "the extra money must be at least 0.01, not -5"}),
    ({"pool_amount": "1000"}, {"pool_donor": "choose the nation that gives the extra money"}),
    ({"delay_offer": "OF-PATRIOT-RTX", "delay_months": "two"},
     {"delay_months": "the delay must be a whole number, not 'two'"}),
    ({"delay_offer": "OF-NOPE", "delay_months": "2"}, {"delay_offer": "unknown offer 'OF-NOPE'"}),
    ({"min_eu_share": "150"}, {"min_eu_share": "the minimum EU share must be from 0 to 100, not 150"}),
    ({"changes": "[{"}, {"changes": "not valid JSON: Expecting property name enclosed in double quotes at line 1, "
                                    "column 3"}),
    # the engine's own message for a change it refuses, beside the field the change came from
    ({"min_eu_share": "10", "changes": '[{"op": "scale_pool", "pool": "nope", "factor": 2}]'},
     {"changes": "changes[1].pool: unknown pool 'nope'"}),
    ({}, {}),
])
def test_a_what_if_names_the_field_it_cannot_use_and_stores_no_plan(web, tokens, fields, expected):
    log_in(web, tokens["coordinator"])
    answer = post_form(web, "/plans", "/plans/what-if", {"pool_from": "0", **fields})
    assert answer.status_code == 422
    assert errors_by_field(answer.text) == expected
    if not expected:
        assert "fill in at least one change to run a what-if" in answer.text
    for name, value in fields.items():  # what the user typed is kept (a select keeps only a value it offers)
        if name in ("pool_donor", "delay_offer") and name in expected:
            continue
        v = re.escape(value)
        kept = rf'<option(?: value="{v}")? selected>{v}' if name in ("pool_donor", "delay_offer") else \
            rf'id="{name}"[^>]*>{v}</textarea>' if name == "changes" else rf'id="{name}"[^>]*value="{v}"'
        assert re.search(kept, unescape(answer.text)), name
    assert web.get("/api/v1/plans", headers={"Authorization": f"Bearer {tokens['coordinator']}"}).json()["total"] == 0


def test_an_auditor_reads_plans_but_gets_no_what_if_form(web, tokens):
    log_in(web, tokens["auditor"])
    page = web.get("/plans")
    assert page.status_code == 200 and "Run the what-if" not in page.text
    assert post_form(web, "/plans", "/plans/what-if", {"min_eu_share": "40"}).status_code == 403


def test_an_order_is_late_after_its_due_month_and_short_when_its_package_closed_without_it():
    from types import SimpleNamespace

    from ramstein.web.views.packages import add_months, expected_month, order_state

    plan = SimpleNamespace(instance={"start": "2025-11", "offers": [{"id": "OF-X", "lead_time": 9}]})
    order, offer = SimpleNamespace(month=3), SimpleNamespace(ref="OF-X", lead_time_months=2)
    assert expected_month(plan, order, offer) == "2026-11" == add_months("2025-11", 12)  # the plan's lead time
    assert expected_month(None, order, offer) is None
    assert add_months("2025-12", 1) == "2026-01" and add_months("2026-01", -1) == "2025-12"
    open_, closed = SimpleNamespace(status="delivering"), SimpleNamespace(status="delivered")
    assert order_state(open_, Decimal(5), Decimal(10), "2026-10", "2026-11") == "late"
    assert order_state(open_, Decimal(5), Decimal(10), "2026-11", "2026-11") == "due"  # due this month: not late
    assert order_state(open_, Decimal(10), Decimal(10), "2026-10", "2026-11") == "delivered"
    assert order_state(closed, Decimal(5), Decimal(10), "2026-12", "2026-11") == "short"
    assert order_state(open_, Decimal(0), Decimal(10), None, "2026-11") == "outstanding"
