"""Idle timeout of a shared terminal: warn after 60 s without a touch, reset after 90 s (pure)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class IdlePhase(StrEnum):
    ACTIVE = "active"
    WARNING = "warning"  # the "more time?" prompt is on screen
    EXPIRED = "expired"  # wipe everything and go back to the welcome screen


@dataclass(frozen=True, slots=True)
class IdleStatus:
    phase: IdlePhase
    seconds_left: float  # until the reset


class IdleTimer:
    """Tracks the last touch; the caller passes the current monotonic time to every method."""

    def __init__(self, warn_after: float = 60.0, reset_after: float = 90.0, *, now: float = 0.0) -> None:
        if warn_after <= 0 or reset_after - warn_after < 20:
            raise ValueError(
                f"idle timeout: warn_after={warn_after} must be > 0 and leave at least 20 s before "
                f"reset_after={reset_after} so a citizen can answer the warning"
            )
        self.warn_after = warn_after
        self.reset_after = reset_after
        self._last = now

    def touch(self, now: float) -> None:
        """The citizen did something (a touch, or "more time" on the warning)."""
        self._last = now

    def status(self, now: float) -> IdleStatus:
        idle = now - self._last
        left = max(0.0, self.reset_after - idle)
        if idle >= self.reset_after:
            return IdleStatus(IdlePhase.EXPIRED, 0.0)
        if idle >= self.warn_after:
            return IdleStatus(IdlePhase.WARNING, left)
        return IdleStatus(IdlePhase.ACTIVE, left)
