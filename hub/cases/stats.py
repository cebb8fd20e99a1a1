"""On-time / overdue statistics of cases, grouped by agency and by service (pure)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from hub.cases.calendar import WorkCalendar
from hub.cases.deadline import Pause, TimeLimit, due_date


class Timeliness(StrEnum):
    ON_TIME = "on_time"  # closed on or before its deadline (依限辦結)
    LATE = "late"  # closed after its deadline (逾期辦結)
    OPEN = "open"  # still open, deadline not passed (or paused for supplement)
    OVERDUE = "overdue"  # still open, deadline passed (逾期未結)


@dataclass(frozen=True, slots=True)
class CaseTiming:
    case_no: str
    agency: str
    service: str
    received: date
    limit: TimeLimit
    pauses: tuple[Pause, ...] = ()
    closed_on: date | None = None


def classify(calendar: WorkCalendar, case: CaseTiming, today: date) -> tuple[Timeliness, date]:
    """How the case stands against its deadline on ``today``, and that deadline."""
    due = due_date(calendar, case.received, case.limit, case.pauses, today=case.closed_on or today)
    if case.closed_on is not None:
        return (Timeliness.ON_TIME if case.closed_on <= due else Timeliness.LATE), due
    waiting = bool(case.pauses) and case.pauses[-1].resumed_on is None
    if today > due and not waiting:
        return Timeliness.OVERDUE, due
    return Timeliness.OPEN, due


@dataclass(slots=True)
class Tally:
    on_time: int = 0
    late: int = 0
    open: int = 0
    overdue: int = 0

    @property
    def closed(self) -> int:
        return self.on_time + self.late

    @property
    def total(self) -> int:
        return self.closed + self.open + self.overdue

    @property
    def on_time_rate(self) -> float | None:
        """Share of closed cases closed in time; None when nothing is closed yet."""
        return None if self.closed == 0 else self.on_time / self.closed

    def add(self, timeliness: Timeliness) -> None:
        setattr(self, timeliness.value, getattr(self, timeliness.value) + 1)


@dataclass(slots=True)
class Report:
    by_agency: dict[str, Tally] = field(default_factory=dict)
    by_service: dict[str, Tally] = field(default_factory=dict)
    overall: Tally = field(default_factory=Tally)


def sla_report(calendar: WorkCalendar, cases: Iterable[CaseTiming], today: date) -> Report:
    report = Report()
    for case in cases:
        timeliness, _ = classify(calendar, case, today)
        report.overall.add(timeliness)
        report.by_agency.setdefault(case.agency, Tally()).add(timeliness)
        report.by_service.setdefault(case.service, Tally()).add(timeliness)
    return report
