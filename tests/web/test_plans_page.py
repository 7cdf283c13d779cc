"""The plans page a coordinator can read: the lines a plan does not fully meet, with item names, figures
and a plain-language reason, and the per-line fulfilment chart."""

from __future__ import annotations

import re
from html import unescape

from ramstein.web.views.plans import REASONS
from tests.web.conftest import log_in, post_form


def test_the_plans_page_lists_unmet_lines_with_items_and_reasons_and_charts_fulfilment(web, tokens):
    log_in(web, tokens["coordinator"])
    ran = post_form(web, "/plans", "/plans", {})
    assert ran.status_code == 303
    page = unescape(web.get(ran.headers["location"]).text)
    count = re.search(r'<a href="#unmet-(\d+)">(\d+) line\(s\) not fully met</a>', page)
    assert count, "the plan card links its unmet lines"
    section = page.split(f'id="unmet-{count[1]}"')[1].split("</section>")[0]
    rows = re.findall(r"<tr><td><a href=\"/requirements/lines/(\w+)\">.*?</tr>", section, re.S)
    assert len(rows) == int(count[2]) > 0
    first = re.search(r"<tbody>\s*<tr>(.*?)</tr>", section, re.S)[1]
    cells = re.findall(r"<td[^>]*>(.*?)</td>", first, re.S)
    assert cells[1] and "_" not in cells[2]  # the item's name; the category in words
    assert cells[7] in REASONS.values()
    assert not re.search(r"\d\.0<", first)  # figures without a trailing '.0'
    assert 'id="fulfilment"' in page and "Share of each requirement line met by the plan" in page
