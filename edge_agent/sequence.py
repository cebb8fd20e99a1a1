"""Per-session message numbering and the historical flag (pure, no I/O)."""

from __future__ import annotations

SEQ_MODULO = 256


class SeqCounter:
    """Sparkplug-style seq: the birth is 0, each later publish of the session takes the next, 255 wraps to 0."""

    def __init__(self) -> None:
        self._next = 0

    def reset(self) -> None:
        """Start a new numbering (every connect and every rebirth); the next value is 0."""
        self._next = 0

    def next(self) -> int:
        value = self._next
        self._next = (value + 1) % SEQ_MODULO
        return value


def is_historical(made_ms: int, session_started_ms: int, resend: bool) -> bool:
    """True when an event goes out later than it was made: made before this connect, or sent again."""
    return resend or made_ms < session_started_ms
