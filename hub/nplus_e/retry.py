"""Delivery retries (pure): exponential back-off per agency and day, a cap, and when to give up for staff."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    first_s: float = 60.0  # wait after the first failed try
    factor: float = 2.0
    cap_s: float = 3600.0
    max_attempts: int = 10  # then the delivery is "failed" and waits for staff to retry it

    def delay_after(self, attempts: int) -> float:
        """Seconds to wait after ``attempts`` failed tries (1, 2, ...)."""
        if attempts < 1:
            raise ValueError("attempts counts failed tries and starts at 1")
        return min(self.cap_s, self.first_s * self.factor ** (attempts - 1))

    def gives_up(self, attempts: int) -> bool:
        return attempts >= self.max_attempts
