"""Forms in a real browser: a nation edits a pledge with several sources without losing any (rows added and
removed with the form's buttons), and a submitted form's button is disabled while its request runs."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from tests.web.conftest import add_users
from tests.web.server import CHROMIUM, chromium, serving

pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed")


@pytest.fixture(scope="module")
def site(templates) -> Iterator[tuple[str, dict[str, str]]]:
    url, name = templates.copy("reference")
    tokens = add_users(url)
    with serving(url) as base:
        yield base, tokens
    templates.drop(name)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as found:
        yield found


def logged_in(browser: Browser, base: str, token: str, width: int = 1366) -> Page:
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(f"{base}/login?next=/pledges")
    page.get_by_label("API token").fill(token)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base}/pledges")
    return page


def listed_sources(page: Page) -> list[str]:
    return [t.strip() for t in page.locator("h2:text-is('Sources') + ul.sources li a").all_inner_texts()]


def test_a_nation_edits_a_pledge_with_four_sources_and_keeps_every_one(site, browser):
    base, tokens = site
    page = logged_in(browser, base, tokens["nation"])
    page.goto(f"{base}/pledges/new")
    page.get_by_label("Date of the pledge").fill("2025-11-03")
    page.get_by_label("Amount").fill("1000000")
    page.get_by_label("Currency (ISO 4217)").fill("EUR")
    page.get_by_label("Source title", exact=True).fill("Statement 1")
    page.get_by_label("Source URL", exact=True).fill("https://example.org/1")
    for n in (2, 3, 4):
        page.get_by_role("button", name="Add another source").click()
        page.get_by_label(f"Source {n} title").fill(f"Statement {n}")
        page.get_by_label(f"Source {n} URL").fill(f"https://example.org/{n}")
    page.get_by_role("button", name="Record pledge").click()
    page.wait_for_selector("text=Pledge recorded.")
    assert listed_sources(page) == [f"Statement {n}" for n in (1, 2, 3, 4)]

    # the edit form shows all four (and an empty fifth row); changing the amount keeps them
    assert page.get_by_label("Source 4 title").input_value() == "Statement 4"
    assert page.get_by_label("Source 5 title").input_value() == ""
    page.get_by_label("Amount").fill("1200000")
    page.get_by_role("button", name="Save changes").click()
    page.wait_for_selector("text=Pledge updated.")
    assert "EUR 1,200,000" in page.locator("dl.cards").inner_text()
    assert listed_sources(page) == [f"Statement {n}" for n in (1, 2, 3, 4)]

    # a row removed with its button goes; the rows after it are renumbered
    page.get_by_role("button", name="Remove source 2", exact=True).click()
    assert page.get_by_label("Source 2 title").input_value() == "Statement 3"
    page.get_by_role("button", name="Save changes").click()
    page.wait_for_selector("text=Pledge updated.")
    assert listed_sources(page) == ["Statement 1", "Statement 3", "Statement 4"]
    page.close()


def test_a_submitted_forms_button_is_disabled_while_it_runs(site, browser):
    base, tokens = site
    page = logged_in(browser, base, tokens["nation"])
    page.goto(f"{base}/pledges/new")
    # the request never leaves, as if the server were slow: the page's own handler has already run
    page.evaluate("document.addEventListener('submit', (e) => e.preventDefault())")
    button = page.get_by_role("button", name="Record pledge")
    button.click()
    page.wait_for_function("document.querySelector('form.edit button[type=submit]').disabled")
    assert button.get_attribute("aria-busy") == "true"
    page.close()


def test_a_coordinator_selects_every_pledge_on_a_releases_page_and_is_asked_before_releasing_all(site, browser):
    base, tokens = site
    page = logged_in(browser, base, tokens["coordinator"])
    for n in range(3):  # pledges of NLD, not yet released
        answer = page.request.post(f"{base}/api/v1/pledges", headers={"Authorization": f"Bearer {tokens['nation']}"},
                                   data={"nation": "NLD", "date": "2025-11-03", "amount": str(1000 + n),
                                         "currency": "EUR", "confidence": "official",
                                         "sources": [{"title": "Statement", "url": "https://example.org/s"}]})
        assert answer.ok, answer.text()
    page.goto(f"{base}/releases?per_page=20")
    boxes = page.locator("input[name=pledge]")
    page.get_by_label("Select all on this page").check()
    assert all(boxes.nth(i).is_checked() for i in range(boxes.count()))
    asked = []
    page.on("dialog", lambda d: (asked.append(d.message), d.dismiss()))
    page.get_by_role("button", name=re.compile(r"Release all [\d,]+ matching pledges")).click()
    assert asked and "cannot be undone" in asked[0]
    assert "/releases" in page.url and "saved=" not in page.url  # dismissed: nothing was released
    page.close()


def test_on_a_phone_a_wide_table_scrolls_inside_its_box_and_rows_stay_short(site, browser):
    base, tokens = site
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(f"{base}/pledges?per_page=20")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1  # the page does not scroll sideways
    box = page.locator("#results .table-wrap").first
    assert box.evaluate("b => b.scrollWidth > b.clientWidth")  # the table scrolls inside its box
    tallest = page.evaluate("Math.max(...[...document.querySelectorAll('#results .table-wrap tbody tr')]"
                            ".map(r => r.getBoundingClientRect().height))")
    assert tallest < 400, tallest
    page.close()


def test_ukraine_is_asked_before_a_requirement_line_is_removed(site, browser):
    base, tokens = site
    page = logged_in(browser, base, tokens["ukraine"])
    page.goto(f"{base}/requirements")
    remove = page.get_by_role("button", name=re.compile(r"^Remove R")).first
    asked = []
    page.on("dialog", lambda d: (asked.append(d.message), d.dismiss()))
    remove.click()
    assert asked and "new version of the list" in asked[0]
    assert page.url.endswith("/requirements")  # dismissed: nothing was removed
    page.close()
