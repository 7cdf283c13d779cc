"""A coordinator moves a package along its lifecycle and records a delivery from the packages page; a refused
delivery is named beside its field; nobody else sees the forms or may post them."""

from __future__ import annotations

import re
from html import unescape

from tests.web.conftest import LATE_ORDER, add_packages, log_in, post_form


def order_id(html: str, ref: str, requirement: str) -> str:
    found = re.search(rf'action="/packages/{ref}/orders/(\d+)/deliveries"[^>]*>.*?', html, re.S)
    ids = re.findall(rf'action="/packages/{ref}/orders/(\d+)/deliveries"', html)
    summaries = re.findall(r"Record a delivery against (\w+)", html)
    assert found and ids, "no delivery form"
    return dict(zip(summaries, ids, strict=False))[requirement]


def test_a_coordinator_records_a_delivery_and_moves_the_package_on(web, tokens, ref_db_url):
    add_packages(ref_db_url)
    log_in(web, tokens["coordinator"])
    page = web.get("/packages").text
    order = order_id(page, "P-1", LATE_ORDER["requirement"])
    too_many = post_form(web, "/packages", f"/packages/P-1/orders/{order}/deliveries", {
        "quantity": "61", "date": "2025-09-01", "confidence": "official", "source_title": "Notice",
        "source_url": "https://example.org/n"})
    assert too_many.status_code == 422
    assert "would exceed the order" in unescape(too_many.text) and 'value="61"' in too_many.text
    done = post_form(web, "/packages", f"/packages/P-1/orders/{order}/deliveries", {
        "quantity": "60", "date": "2025-09-01", "confidence": "official", "source_title": "Notice",
        "source_url": "https://example.org/n"})
    assert done.status_code == 303
    assert post_form(web, "/packages", "/packages/P-1/status", {"status": "delivering"}).status_code == 303
    shown = web.get("/packages").text
    assert re.search(r"Package P-1 <span class=\"badge\">delivering</span>", shown)
    wrong = post_form(web, "/packages", "/packages/P-1/status", {"status": "draft"})
    assert wrong.status_code in (409, 422) and 'role="alert"' in wrong.text


def test_a_nation_sees_no_package_forms_and_may_not_post_them(web, tokens, ref_db_url):
    add_packages(ref_db_url)
    log_in(web, tokens["nation"])
    page = web.get("/packages").text
    assert "Record a delivery" not in page and "/status" not in page
    assert post_form(web, "/packages", "/packages/P-1/status", {"status": "delivering"}).status_code == 403
