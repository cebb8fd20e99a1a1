"""A sliding-window attempt limiter (pure: the caller passes the time), per client key, bounded in memory."""

from __future__ import annotations

import threading
from collections import deque


class RateLimiter:
    """At most ``limit`` attempts per ``window_s`` per key; ``max_keys`` bounds memory (oldest keys dropped)."""

    def __init__(self, limit: int, window_s: float = 60.0, max_keys: int = 10_000) -> None:
        if limit < 1 or window_s <= 0:
            raise ValueError("a rate limit needs limit >= 1 and a positive window")
        self.limit, self.window_s, self.max_keys = limit, window_s, max_keys
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def attempt(self, key: str, now: float) -> float:
        """Count an attempt; 0.0 if allowed, else the seconds until the next one would be (not counted)."""
        with self._lock:
            hits = self._hits.get(key)
            if hits is None:
                if len(self._hits) >= self.max_keys:
                    self._hits.pop(next(iter(self._hits)))
                hits = self._hits[key] = deque()
            while hits and hits[0] <= now - self.window_s:
                hits.popleft()
            if len(hits) >= self.limit:
                return max(0.001, hits[0] + self.window_s - now)
            hits.append(now)
            return 0.0
