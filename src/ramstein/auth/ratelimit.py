"""Failed logins are rate-limited per client address, so a token cannot be guessed by brute force.

Only failures are limited: a valid token is accepted even from an address over its limit (another
user behind the same NAT, or the owner after a few typos), and what a blocked address still learns is
nothing a guesser can use, as a token is 256 random bits. A client's address is the connection's
peer; `X-Forwarded-For` is believed only as far as it was written by proxies the operator listed
(RAMSTEIN_TRUSTED_PROXIES), so a client cannot rotate it to escape the limit.
"""

from __future__ import annotations

import ipaddress
import threading
import time
from collections import defaultdict, deque
from collections.abc import Sequence

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def trusted_networks(proxies: Sequence[str]) -> tuple[Network, ...]:
    """The configured proxies as networks ('10.0.0.5', '10.0.0.0/8', '::1'); a bad entry raises ValueError."""
    return tuple(ipaddress.ip_network(p.strip(), strict=False) for p in proxies)


def _is_trusted(address: str, trusted: Sequence[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in net for net in trusted)


def client_address(peer: str, forwarded_for: str | None, trusted: Sequence[Network]) -> str:
    """The address to count failures against: the peer, or, if the peer is a trusted proxy, the
    nearest address in X-Forwarded-For that is not itself a trusted proxy (read from the right: the
    entries on the left were written by the client and may be anything)."""
    if not forwarded_for or not _is_trusted(peer, trusted):
        return peer
    hops = [h.strip() for h in forwarded_for.split(",") if h.strip()]
    for hop in reversed(hops):
        if not _is_trusted(hop, trusted):
            return hop
    return hops[0] if hops else peer


class FailureLimiter:
    """At most `limit` failures per `window` seconds from one address; past that, refuse until they age out."""

    def __init__(self, limit: int = 10, window: float = 60.0, clock=time.monotonic) -> None:  # type: ignore[no-untyped-def]
        self.limit, self.window, self.clock = limit, window, clock
        self._failures: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def _trim(self, key: str, now: float) -> deque[float]:
        times = self._failures[key]
        while times and now - times[0] > self.window:
            times.popleft()
        return times

    def blocked(self, key: str) -> float:
        """Seconds to wait before trying again (0 if not blocked)."""
        with self._lock:
            now = self.clock()
            times = self._trim(key, now)
            if len(times) < self.limit:
                return 0.0
            return max(0.0, self.window - (now - times[0]))

    def fail(self, key: str) -> None:
        """Count a failure; those past the limit are not kept (they would only grow the memory held)."""
        with self._lock:
            now = self.clock()
            times = self._trim(key, now)
            if len(times) < self.limit:
                times.append(now)
