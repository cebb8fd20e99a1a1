"""Processing deadlines in working days, shifted by pauses while waiting for the citizen's supplement (pure).

Conventions (see docs/cases.md):
- the day a case is received is not counted; a limit of N working days ends on the N-th working day after;
- a limit in calendar days ends N days after receipt; if that day is not a working day it moves to the next
  working day (a last day on a holiday);
- a supplement pause covers the half-open range ``[paused_on, resumed_on)``: the day the request went out
  does not count against the office, the day the supplement arrived counts again. The deadline moves by
  the number of working days in that range (by calendar days for calendar-day limits).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from hub.cases.calendar import WorkCalendar


class DeadlineError(ValueError):
    """A time limit or pause that makes no sense (negative limit, pause before receipt, overlaps)."""


class LimitUnit(StrEnum):
    WORKING_DAYS = "working_days"
    CALENDAR_DAYS = "calendar_days"


@dataclass(frozen=True, slots=True)
class TimeLimit:
    amount: int
    unit: LimitUnit = LimitUnit.WORKING_DAYS

    def __post_init__(self) -> None:
        if not 1 <= self.amount <= 3650:
            raise DeadlineError(f"a time limit must be 1..3650 days, not {self.amount}")


@dataclass(frozen=True, slots=True)
class Pause:
    """Waiting for the citizen's supplement (補正) from ``paused_on``; ``resumed_on`` None while still waiting."""

    paused_on: date
    resumed_on: date | None = None

    def __post_init__(self) -> None:
        if self.resumed_on is not None and self.resumed_on < self.paused_on:
            raise DeadlineError(f"a pause cannot end ({self.resumed_on}) before it starts ({self.paused_on})")


def check_pauses(received: date, pauses: Sequence[Pause]) -> None:
    """Pauses start on or after receipt, do not overlap, and only the last may still be open."""
    previous_end: date | None = None
    for i, pause in enumerate(sorted(pauses, key=lambda p: p.paused_on)):
        if pause.paused_on < received:
            raise DeadlineError(
                f"pause from {pause.paused_on} starts before the case was received ({received})"
            )
        if previous_end is not None and pause.paused_on < previous_end:
            raise DeadlineError(f"pause from {pause.paused_on} overlaps the one before it")
        if pause.resumed_on is None and i != len(pauses) - 1:
            raise DeadlineError(f"pause from {pause.paused_on} is still open but a later pause exists")
        previous_end = pause.resumed_on or pause.paused_on


def paused_days(
    calendar: WorkCalendar, pauses: Sequence[Pause], today: date, unit: LimitUnit = LimitUnit.WORKING_DAYS
) -> int:
    """Days the clock stood still; an open pause counts up to (not including) ``today``."""
    total = 0
    for pause in pauses:
        end = pause.resumed_on or max(today, pause.paused_on)
        if unit is LimitUnit.WORKING_DAYS:
            total += calendar.working_days_between(pause.paused_on, end)
        else:
            total += (end - pause.paused_on).days
    return total


def due_date(
    calendar: WorkCalendar,
    received: date,
    limit: TimeLimit,
    pauses: Sequence[Pause] = (),
    today: date | None = None,
) -> date:
    """The last day to finish the case. With an open pause the result assumes work resumes ``today``."""
    check_pauses(received, pauses)
    shift = paused_days(calendar, pauses, today or received, limit.unit)
    if limit.unit is LimitUnit.WORKING_DAYS:
        return calendar.add_working_days(received, limit.amount + shift)
    return calendar.roll_forward(received + timedelta(days=limit.amount + shift))
