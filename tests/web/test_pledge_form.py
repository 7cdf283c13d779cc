"""The pledge form edits every source: shown as rows, all kept through an edit, added and removed."""

from __future__ import annotations

from html.parser import HTMLParser

from tests.web.conftest import csrf_of, log_in, post_form

FOUR = [("Ministry statement", "https://example.org/a"), ("Press release", "https://example.org/b"),
        ("Parliament answer", "https://example.org/c"), ("NATO briefing", "")]
PLEDGE = {"date": "2025-10-01", "amount": "250000000", "currency": "EUR", "confidence": "official",
          "disclosed": "true", "source_title": [t for t, _ in FOUR], "source_url": [u for _, u in FOUR]}


class FormFields(HTMLParser):
    """What a browser submits from the form posting to `action`: every named input, select and textarea."""

    def __init__(self, action: str) -> None:
        super().__init__()
        self.action, self.inside, self.fields = action, False, []
        self.select: str | None = None
        self.textarea: str | None = None
        self.option_text = False

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("action") == self.action and a.get("method") == "post"
        elif not self.inside:
            return
        elif tag == "option" and self.select and "selected" in a:
            self.fields.append((self.select, a.get("value") or ""))
            self.option_text = "value" not in a  # the option's text is its value
        elif not a.get("name"):
            return
        elif tag == "input" and (a.get("type") not in ("radio", "checkbox") or "checked" in a):
            self.fields.append((a["name"], a.get("value") or ""))
        elif tag == "select":
            self.select = a["name"]
        elif tag == "textarea":
            self.textarea = a["name"]
            self.fields.append((a["name"], ""))

    def handle_data(self, data):  # type: ignore[no-untyped-def]
        if self.option_text:
            self.fields[-1] = (self.fields[-1][0], data.strip())
            self.option_text = False
        elif self.textarea:
            self.fields[-1] = (self.textarea, data)

    def handle_endtag(self, tag):  # type: ignore[no-untyped-def]
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None


def form_fields(html: str, action: str) -> list[tuple[str, str]]:
    found = FormFields(action)
    found.feed(html)
    assert found.fields, f"no form posts to {action}"
    return found.fields


def as_form(fields: list[tuple[str, str]]) -> dict[str, list[str]]:
    """The pairs as the test client posts them, each name's values in the page's order."""
    found: dict[str, list[str]] = {}
    for name, value in fields:
        found.setdefault(name, []).append(value)
    return found


def replaced(fields: list[tuple[str, str]], name: str, value: str) -> list[tuple[str, str]]:
    return [(k, value if k == name else v) for k, v in fields]


def sources_of(web, token: str, where: str) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    pledge = web.get(f"/api/v1/pledges/{where.rsplit('/', 1)[1]}", headers={"Authorization": f"Bearer {token}"}).json()
    return sorted((s["title"], s["url"]) for s in pledge["sources"])


def test_a_pledge_with_four_sources_keeps_all_four_after_an_edit_through_the_form(web, tokens):
    log_in(web, tokens["nation"])
    recorded = post_form(web, "/pledges/new", "/pledges/new", PLEDGE)
    assert recorded.status_code == 303
    where = recorded.headers["location"].split("?")[0]
    page = web.get(where).text
    fields = form_fields(page, where)
    # every source is a row of the form, and one empty row is there to add another
    assert [v for k, v in fields if k == "source_title"] == [t for t, _ in FOUR] + [""]
    assert [v for k, v in fields if k == "source_url"] == [u for _, u in FOUR] + [""]
    saved = web.post(where, data=as_form(replaced(fields, "amount", "260000000")), follow_redirects=False)
    assert saved.status_code == 303, saved.text
    assert sources_of(web, tokens["coordinator"], where) == sorted(FOUR)
    assert "EUR 260,000,000" in web.get(where).text


def test_a_source_is_added_in_the_empty_row_and_removed_by_emptying_its_row(web, tokens):
    log_in(web, tokens["nation"])
    where = post_form(web, "/pledges/new", "/pledges/new", PLEDGE).headers["location"].split("?")[0]
    fields = form_fields(web.get(where).text, where)
    titles = iter(["", "Press release", "Parliament answer", "NATO briefing", "Defence committee"])
    urls = iter(["", "https://example.org/b", "https://example.org/c", "", "https://example.org/e"])
    edited = [(k, next(titles) if k == "source_title" else next(urls) if k == "source_url" else v) for k, v in fields]
    assert web.post(where, data=as_form(edited), follow_redirects=False).status_code == 303
    assert sources_of(web, tokens["coordinator"], where) == sorted([*FOUR[1:], ("Defence committee", "https://example.org/e")])


def test_a_bad_url_in_the_third_source_is_named_beside_that_row_and_every_row_is_kept(web, tokens):
    log_in(web, tokens["nation"])
    urls = ["https://example.org/a", "https://example.org/b", "javascript:alert(1)", ""]
    answer = post_form(web, "/pledges/new", "/pledges/new", {**PLEDGE, "source_url": urls})
    assert answer.status_code == 422
    assert 'id="source_url-3-error"' in answer.text and 'aria-describedby="source_url-3-error"' in answer.text
    assert [v for k, v in form_fields(answer.text, "/pledges/new") if k == "source_title"] == \
        [t for t, _ in FOUR] + [""]


def test_a_pledge_without_any_source_is_refused_beside_the_first_source_row(web, tokens):
    log_in(web, tokens["nation"])
    page = web.get("/pledges/new").text
    answer = web.post("/pledges/new", data={**PLEDGE, "source_title": ["", ""], "source_url": ["", ""],
                                            "csrf_token": csrf_of(page)})
    assert answer.status_code == 422 and 'id="source_url-error"' in answer.text
