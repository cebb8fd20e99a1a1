"""Alarm rules (pure): a very-dissatisfied press alarms at once; a high share of negative ratings in a
sliding window alarms once and re-arms only after the share has fallen (hysteresis), like HappyOrNot's."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from wire.payloads.ratings import RatingButton

NEGATIVE = frozenset({RatingButton.DISSATISFIED, RatingButton.VERY_DISSATISFIED})
POSITIVE = frozenset({RatingButton.VERY_SATISFIED, RatingButton.SATISFIED})


class AlarmKind(StrEnum):
    VERY_DISSATISFIED = "very_dissatisfied"
    NEGATIVE_SHARE = "negative_share"


class ShareDecision(StrEnum):
    NONE = "none"
    RAISE = "raise"
    CLEAR = "clear"


class RuleError(ValueError):
    """A share rule that cannot work; the message says which figure to change."""


@dataclass(frozen=True, slots=True)
class ShareRule:
    """Raise when at least ``min_count`` official ratings in the last ``window_ms`` are ``raise_at`` or more
    negative; an active alarm clears once the share is at or below ``clear_at`` (so it cannot flap)."""

    window_ms: int = 60 * 60_000
    min_count: int = 5
    raise_at: float = 0.4
    clear_at: float = 0.2

    def __post_init__(self) -> None:
        if self.window_ms <= 0:
            raise RuleError(f"window must be positive, not {self.window_ms} ms")
        if self.min_count < 1:
            raise RuleError(f"minimum count must be at least 1, not {self.min_count}")
        if not 0 < self.raise_at <= 1:
            raise RuleError(f"raise threshold {self.raise_at} must be in (0, 1]")
        if not 0 <= self.clear_at < self.raise_at:
            raise RuleError(
                f"clear threshold {self.clear_at} must be below the raise threshold {self.raise_at}"
            )


@dataclass(frozen=True, slots=True)
class ShareResult:
    decision: ShareDecision
    count: int
    negative: int

    @property
    def share(self) -> float:
        return self.negative / self.count if self.count else 0.0


def alarms_at_once(button: RatingButton) -> bool:
    """Seed 002: pressing "very dissatisfied" lights and rings at the supervisor at once."""
    return button is RatingButton.VERY_DISSATISFIED


def evaluate_share(
    ratings: Sequence[tuple[int, RatingButton]], now_ms: int, active: bool, rule: ShareRule | None = None
) -> ShareResult:
    """Decide on the share rule for one counter from its official ratings ``(pressed_at, button)``."""
    rule = rule or ShareRule()
    since = now_ms - rule.window_ms
    window = [button for at, button in ratings if since < at <= now_ms]
    count = len(window)
    negative = sum(1 for b in window if b in NEGATIVE)
    share = negative / count if count else 0.0
    if not active and count >= rule.min_count and share >= rule.raise_at:
        return ShareResult(ShareDecision.RAISE, count, negative)
    if active and share <= rule.clear_at:
        return ShareResult(ShareDecision.CLEAR, count, negative)
    return ShareResult(ShareDecision.NONE, count, negative)
