"""Which links the ledger keeps and shows: http and https only.

A source URL is rendered as a link on the dashboard; a `javascript:`, `data:` or `vbscript:` URL there
runs in the page of whoever clicks it (a coordinator's session could release another nation's pledges).
So a stored URL must be a web address, refused otherwise (API, forms, imports, reference data), and the
pages link only what passes the same test (rows stored before the rule stay text). Browsers ignore tabs
and line breaks inside a scheme (`java\\tscript:`), so any whitespace or control character inside a URL
refuses it rather than being cleaned away.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from ramstein.errors import ValidationError

WEB_SCHEMES = ("http", "https")
# several sources in one cell, titles and URLs paired by position (data/README.md); the bundled nation
# figures keep such pairs in one source row
SOURCE_SEPARATOR = " | "


# never valid unencoded in a URL (RFC 3986); '|' also separates several sources in one cell
NOT_IN_URLS = frozenset('"<>\\^`{|}')


def _has_space_or_control(url: str) -> bool:
    return any(c.isspace() or not c.isprintable() or c in NOT_IN_URLS for c in url)


def is_web_link(url: str) -> bool:
    """Whether `url` is an absolute http(s) URL with a host, with nothing a browser would strip or reinterpret."""
    if not url or _has_space_or_control(url):
        return False
    try:
        parts = urlsplit(url)
        return parts.scheme.lower() in WEB_SCHEMES and bool(parts.hostname)
    except ValueError:  # e.g. a malformed IPv6 host
        return False


def check_link(url: str, *, field: str) -> str:
    """The URL without surrounding spaces, or empty; anything but an http(s) URL is a ValidationError."""
    url = (url or "").strip()
    if url and not is_web_link(url):
        raise ValidationError(f"a source URL must start with http:// or https:// and name a host: {url[:80]!r}",
                              field=field)
    return url


def check_links(urls: str, *, field: str) -> str:
    """`check_link` for each of several URLs joined by '|', each stripped (an entry may be empty)."""
    return SOURCE_SEPARATOR.join(check_link(u, field=field) for u in (urls or "").split("|"))


def source_links(title: str, url: str) -> list[tuple[str, str | None]]:
    """What a page shows of a source: (text, link or None) per source it names, a link only for http(s)."""
    titles, urls = title.split("|"), url.split("|")
    if len(titles) != len(urls):
        titles, urls = [title], [url]
    pairs = [(t.strip(), u.strip()) for t, u in zip(titles, urls, strict=True)]
    return [(t or u, u if is_web_link(u) else None) for t, u in pairs]
