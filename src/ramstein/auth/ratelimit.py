"""Failed logins are rate-limited per client address, so a token cannot be guessed by brute force."""

from __future__ import annotations

import threading
import time
from collections import defaultdict, deque


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
        with self._lock:
            now = self.clock()
            self._trim(key, now).append(now)
