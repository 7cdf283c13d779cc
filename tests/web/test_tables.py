"""Tables that scale: /pledges and /releases in pages with plain next/previous links, sorted on the server by
whitelisted keys (an undisclosed amount sorts as unknown), and a release of every pledge a filter matches."""

from __future__ import annotations

import re
from html import unescape

from tests.web.conftest import log_in, post_form
from tests.web.test_pages import SENTINEL

ROW_ID = re.compile(r'href="/pledges/(\d+)">(?:Edit|View) #')


def table_ids(html: str) -> list[int]:
    return [int(i) for i in ROW_ID.findall(html)]


def link(html: str, rel: str) -> str | None:
    found = re.search(rf'<a href="([^"]+)" rel="{rel}"', html)
    return unescape(found.group(1)) if found else None


def api_pledges(web, token: str, **params) -> list[dict]:  # type: ignore[no-untyped-def]
    found = web.get("/api/v1/pledges", params={"limit": 500, **params},
                    headers={"Authorization": f"Bearer {token}"}).json()
    return found["items"]


def test_pledges_come_in_pages_with_links_that_keep_the_filter_and_sort(web, tokens):
    log_in(web, tokens["coordinator"])
    every = api_pledges(web, tokens["coordinator"], confidence=["official", "reported"])
    first = web.get("/pledges", params={"per_page": "20", "sort": "date"}).text
    assert len(table_ids(first)) == 20 and f"1–20 of {len(every):,} pledge(s)" in first
    assert link(first, "prev") is None
    seen, page = [], first
    while True:
        seen += table_ids(page)
        following = link(page, "next")
        if following is None:
            break
        assert "sort=date" in following and "per_page=20" in following
        page = web.get(following).text
    assert seen == [p["id"] for p in sorted(every, key=lambda p: (p["date"], p["id"]))]
    assert link(page, "prev") is not None and f"page {-(-len(every) // 20)} of" in page
    # a filter is kept by the page links; the cards count every matching pledge, not the page's
    nld = web.get("/pledges", params={"nation": "NLD", "per_page": "20"}).text
    assert all("nation=NLD" in unescape(h) for h in re.findall(r'<a href="(/pledges\?[^"]*)"', nld))


def test_a_table_sorts_by_a_whitelisted_column_and_names_an_unknown_one(web, tokens):
    log_in(web, tokens["coordinator"])
    by_usd = web.get("/pledges", params={"sort": "-usd", "per_page": "200"}).text
    assert 'aria-sort="descending"' in by_usd
    every = {p["id"]: p for p in api_pledges(web, tokens["coordinator"], confidence=["official", "reported"])}
    amounts = [every[i]["usd_amount"] for i in table_ids(by_usd)]
    known = [float(a) for a in amounts if a is not None]
    assert known == sorted(known, reverse=True)
    refused = web.get("/pledges", params={"sort": "amount; drop table pledges"})
    assert refused.status_code == 422 and "sort must be one of" in unescape(refused.text)
    assert web.get("/pledges", params={"per_page": "100000"}).status_code == 422
    assert web.get("/pledges", params={"page": "99999999999999999999"}).status_code == 422
    last = web.get("/pledges", params={"page": "999999", "per_page": "200"})  # past the end: the last page
    assert last.status_code == 200 and table_ids(last.text)


def test_an_undisclosed_amount_sorts_last_either_way_so_its_place_tells_nothing(web, tokens):
    log_in(web, tokens["nation"])
    hidden = post_form(web, "/pledges/new", "/pledges/new", {
        "date": "2025-10-01", "amount": SENTINEL, "currency": "EUR", "confidence": "official", "disclosed": "false",
        "source_title": "Statement", "source_url": "https://example.org/s"}).headers["location"]
    hidden_id = int(hidden.split("/")[2].split("?")[0])
    for sort in ("usd", "-usd"):
        ids = table_ids(web.get("/pledges", params={"nation": "NLD", "sort": sort, "per_page": "200"}).text)
        assert ids[-1] == hidden_id, sort


def test_releases_come_in_pages_and_release_all_matching_releases_every_page(web, tokens):
    log_in(web, tokens["nation"])
    for n in range(25):
        post_form(web, "/pledges/new", "/pledges/new", {
            "date": "2025-10-01", "amount": str(1000 + n), "currency": "EUR", "confidence": "official",
            "source_title": "Statement", "source_url": "https://example.org/s"})
    log_in(web, tokens["coordinator"])
    page = web.get("/releases", params={"nation": "NLD", "per_page": "20"}).text
    assert page.count('name="pledge"') == 20 and "1–20 of 25 unreleased pledge(s) matching" in page
    assert "Select all on this page" in page and "Release all 25 matching pledges" in page
    second = web.get(link(page, "next")).text
    assert second.count('name="pledge"') == 5
    by_id = web.get("/releases", params={"nation": "NLD", "sort": "-id"})  # every column heading sorts
    assert by_id.status_code == 200 and 'aria-sort="descending"' in by_id.text
    form = {"scope": "all", "nation": "NLD", "confidence": ["official", "reported", "unconfirmed", "estimated"]}
    stale = post_form(web, "/releases", "/releases", {**form, "expected": "24"})
    assert stale.status_code == 409 and "25 unreleased pledges match now, not 24" in unescape(stale.text)
    done = post_form(web, "/releases", "/releases", {**form, "expected": "25", "note": "NLD autumn"})
    assert done.status_code == 303
    assert "Every pledge matching the filter is released." in web.get("/releases", params={"nation": "NLD"}).text
    web.cookies.clear()
    public = api_pledges(web, tokens["coordinator"], nation="NLD")
    assert sum(1 for p in public if p["released_at"]) >= 25
