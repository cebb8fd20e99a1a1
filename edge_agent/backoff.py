"""Reconnect back-off: exponential growth with full jitter above a floor (pure, no I/O)."""

from __future__ import annotations

import random
from collections.abc import Callable


class Backoff:
    """Delays before reconnect attempts: attempt n waits uniform(min, min(max, min * 2**n)) seconds.

    Full jitter spreads thousands of devices that lost the same broker over the whole window instead
    of letting them reconnect in lock-step; ``reset()`` after a successful connect.
    """

    def __init__(self, minimum: float, maximum: float, rand: Callable[[], float] = random.random) -> None:
        if minimum <= 0 or maximum < minimum:
            raise ValueError(f"back-off needs 0 < min <= max, got min={minimum} max={maximum}")
        self.minimum = minimum
        self.maximum = maximum
        self._rand = rand
        self.attempt = 0

    def ceiling(self) -> float:
        """The largest delay the next attempt may draw."""
        return min(self.maximum, self.minimum * 2.0 ** min(self.attempt, 62))

    def next_delay(self) -> float:
        """The delay before the next attempt; each call widens the window for the one after."""
        ceiling = self.ceiling()
        self.attempt += 1
        return self.minimum + (ceiling - self.minimum) * self._rand()

    def reset(self) -> None:
        self.attempt = 0
