"""The dashboard in a real browser: each role logs in, a nation records pledges through the form, the
overview changes, and the public's pages never show an undisclosed amount."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from tests.web.conftest import add_users
from tests.web.server import CHROMIUM, chromium, serving

pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed")
SENTINEL = "987654321.12"


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


def logged_in(browser: Browser, base: str, token: str) -> Page:
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.goto(f"{base}/login?next=/nations")
    page.get_by_label("API token").fill(token)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base}/nations")
    return page


def record_pledge(page: Page, base: str, amount: str, *, disclosed: bool, status: str = "confirmed") -> str:
    page.goto(f"{base}/pledges/new")
    page.get_by_label("Date of the pledge").fill("2025-11-03")
    page.get_by_label("Amount").fill(amount)
    page.get_by_label("Currency (ISO 4217)").fill("EUR")
    page.get_by_label("Source title").fill("Government statement")
    page.get_by_label("Source URL").fill("https://example.org/pledge")
    page.get_by_label("Status reached").select_option(status)
    if not disclosed:
        page.get_by_label("No: the public sees “undisclosed”").check()
    page.get_by_role("button", name="Record pledge").click()
    page.wait_for_selector("text=Pledge recorded.")
    return page.url.split("/pledges/")[1].split("?")[0]


def nld_contribution(page: Page, base: str) -> str:
    page.goto(f"{base}/")
    return page.locator("figure:has(#allies) tr:has(a:text-is('NLD')) td").first.text_content() or ""


def test_each_role_logs_in_and_out_through_the_form(site, browser):
    base, tokens = site
    for role, token in tokens.items():
        page = logged_in(browser, base, token)
        assert f"{role}-user ({role}" in page.locator("header").inner_text()
        page.get_by_role("button", name="Log out").click()
        page.wait_for_selector("header >> text=Log in")
        page.close()


def test_a_pledge_recorded_through_the_form_appears_on_the_overview(site, browser):
    base, tokens = site
    coordinator = logged_in(browser, base, tokens["coordinator"])
    before = nld_contribution(coordinator, base)
    nation = logged_in(browser, base, tokens["nation"])
    record_pledge(nation, base, "3000000000", disclosed=True)
    assert nld_contribution(coordinator, base) != before
    assert coordinator.locator("canvas#allies[data-drawn]").count() == 1  # Chart.js drew the chart


def test_public_pages_never_show_an_undisclosed_amount(site, browser):
    base, tokens = site
    nation = logged_in(browser, base, tokens["nation"])
    pledge_id = record_pledge(nation, base, SENTINEL, disclosed=False)
    assert "987,654,321.12" in nation.content()  # its own nation sees it
    coordinator = logged_in(browser, base, tokens["coordinator"])
    coordinator.goto(f"{base}/releases?nation=NLD&per_page=200")  # the list is paginated
    coordinator.get_by_label(f"Release pledge #{pledge_id}", exact=True).check()
    coordinator.get_by_role("button", name="Release the chosen records").click()
    coordinator.wait_for_selector("text=published")
    public = browser.new_page()
    for path in ("/", "/pledges", "/pledges?nation=NLD&confidence=official", "/nations/NLD", f"/pledges/{pledge_id}"):
        public.goto(f"{base}{path}")
        text = public.content()
        assert "987654321" not in text and "987,654,321" not in text, path
    public.goto(f"{base}/pledges?nation=NLD")
    assert public.locator("td.undisclosed").count() >= 1
