"""Waiting on a condition, for tests, rigs and benchmarks: poll until it holds; fail saying what was awaited.

The one polling helper of the project. Wait on the thing itself (a row, a frame, a health state), never on a
sleep long enough "usually": a busy 2-core CI machine makes every guess wrong sooner or later.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def wait_until(
    predicate: Callable[[], T],
    timeout: float = 10.0,
    what: str = "the condition",
    *,
    step: float = 0.01,
    between: Callable[[float], object] = time.sleep,
) -> T:
    """Return ``predicate()``'s first truthy value; AssertionError naming ``what`` after ``timeout`` seconds.

    ``between(step)`` runs between tries (a sleep; a UI test passes its event-loop pump instead).
    """
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise AssertionError(f"timed out after {timeout:g} s waiting for {what}")
        between(step)


def seconds_until(
    predicate: Callable[[], object],
    timeout: float = 10.0,
    what: str = "the condition",
    *,
    step: float = 0.005,
) -> float:
    """How many seconds passed until ``predicate()`` held (for tests that bound a delay, e.g. a 2 s wipe)."""
    start = time.monotonic()
    wait_until(predicate, timeout, what, step=step)
    return time.monotonic() - start
