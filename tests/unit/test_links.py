"""Only http(s) links are kept and rendered (issue 12 item 1): the rule itself, every spelling the probe tried."""

from __future__ import annotations

import pytest

from ramstein.errors import ValidationError
from ramstein.links import check_link, is_web_link

REFUSED = ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "java\tscript:alert(1)", "java\nscript:alert(1)",
           " javascript:alert(1)", "\x01javascript:alert(1)", "data:text/html,<script>alert(1)</script>",
           "vbscript:msgbox(1)", "file:///etc/passwd", "ftp://example.org/x", "//evil.example/x", "/relative",
           "https:", "https://", "http:///path", "https://exa mple.org/", "https://example.org/\u2028x",
           "https://example.org/\x7f", "example.org", "https://example.org/a|b",
           "https://example.org/\"onclick=x", "https://example.org/<x>"]
KEPT = ["https://www.nato.int/cps/en/natohq/news.htm", "http://example.org", "HTTPS://EXAMPLE.ORG/A?b=c#d",
        "https://user@example.org:8443/path"]


@pytest.mark.parametrize("url", REFUSED)
def test_a_link_that_is_not_http_or_https_is_refused_naming_the_field(url):
    assert not is_web_link(url)
    with pytest.raises(ValidationError) as refused:
        check_link(url, field="source_url")
    assert refused.value.field == "source_url" and "http" in refused.value.message


@pytest.mark.parametrize("url", KEPT)
def test_an_http_or_https_link_is_kept_as_given(url):
    assert is_web_link(url) and check_link(url, field="source_url") == url


def test_an_empty_link_is_allowed_beside_a_title_and_surrounding_spaces_go():
    assert check_link("", field="source_url") == ""
    assert check_link("  https://example.org/a ", field="source_url") == "https://example.org/a"
    assert not is_web_link("")


def test_several_links_in_one_source_are_each_checked_and_each_shown():
    from ramstein.links import check_links, source_links

    assert check_links("https://a.org/x | https://b.org/y", field="source_url") == "https://a.org/x | https://b.org/y"
    assert check_links(" | https://b.org/y", field="source_url") == " | https://b.org/y"
    with pytest.raises(ValidationError):
        check_links("https://a.org/x | javascript:alert(1)", field="source_url")
    assert source_links("IMF | GitHub", "https://imf.org | https://github.com") == [
        ("IMF", "https://imf.org"), ("GitHub", "https://github.com")]
    # rows stored before the rule: the text stays, the link goes
    assert source_links("Statement", "javascript:alert(1)") == [("Statement", None)]
    assert source_links("", "data:text/html,x") == [("data:text/html,x", None)]
    assert source_links("NATO | Pravda", "| https://pravda.com.ua/a") == [("NATO", None),
                                                                           ("Pravda", "https://pravda.com.ua/a")]
