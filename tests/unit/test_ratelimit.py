"""Whose failures are counted (issue 12 item 9): the peer, or the client a trusted proxy names."""

from __future__ import annotations

import pytest

from ramstein.auth.ratelimit import FailureLimiter, client_address, trusted_networks

PROXIES = trusted_networks(["10.0.0.0/8", "::1"])


@pytest.mark.parametrize("peer,forwarded,expected", [
    ("192.0.2.1", "203.0.113.9", "192.0.2.1"),  # not from a proxy: the header is the client's own words
    ("127.0.0.1", "203.0.113.9", "127.0.0.1"),  # localhost is no proxy unless configured
    ("10.0.0.5", "203.0.113.9", "203.0.113.9"),
    ("10.0.0.5", "1.2.3.4, 203.0.113.9", "203.0.113.9"),  # the client's forged entry on the left is ignored
    ("10.0.0.5", "203.0.113.9, 10.1.1.1", "203.0.113.9"),  # two proxies in a row
    ("::1", "garbage", "garbage"),
    ("10.0.0.5", None, "10.0.0.5"),
])
def test_x_forwarded_for_is_read_only_as_far_as_trusted_proxies_wrote_it(peer, forwarded, expected):
    assert client_address(peer, forwarded, PROXIES) == expected


def test_no_proxy_is_trusted_by_default_and_a_bad_entry_is_refused():
    assert client_address("127.0.0.1", "203.0.113.9", trusted_networks([])) == "127.0.0.1"
    with pytest.raises(ValueError):
        trusted_networks(["not-an-address"])


def test_failures_past_the_limit_keep_the_address_blocked_without_growing():
    now = [0.0]
    limiter = FailureLimiter(3, 60.0, clock=lambda: now[0])
    for _ in range(100):
        limiter.fail("a")
    assert limiter.blocked("a") == 60.0 and len(limiter._failures["a"]) == 3
    now[0] = 61.0
    assert limiter.blocked("a") == 0.0 and limiter.blocked("b") == 0.0
