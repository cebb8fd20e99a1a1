"""Working-day calendar of government offices: weekends, holidays and make-up working days (pure)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from importlib import resources
from typing import Any

import yaml


class CalendarError(ValueError):
    """The calendar cannot answer: a date outside the years it knows, or a malformed holiday table."""


@dataclass(frozen=True, slots=True)
class WorkCalendar:
    """Which days the offices work. Only dates inside ``first_year..last_year`` can be answered.

    A weekday is a working day unless it is in ``holidays``; a Saturday or Sunday is a day off unless it
    is in ``workdays`` (補行上班).
    """

    holidays: frozenset[date]
    workdays: frozenset[date]
    first_year: int
    last_year: int
    #: What each listed day is (開國紀念日 New Year's Day, 補行上班 …), for reasoning shown to staff.
    names: Mapping[date, str] = field(default_factory=dict, compare=False)
    #: Ordinals of every working day in the table, ascending: day arithmetic by bisection, O(log n).
    _ordinals: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.first_year > self.last_year:
            raise CalendarError(f"calendar years {self.first_year}..{self.last_year} are reversed")
        both = self.holidays & self.workdays
        if both:
            raise CalendarError(f"{min(both)} is both a holiday and a make-up working day")
        for day in self.holidays | self.workdays:
            self._check(day)
        for day in self.holidays:
            if day.weekday() >= 5:
                raise CalendarError(f"holiday {day} falls on a weekend; list only weekdays off")
        for day in self.workdays:
            if day.weekday() < 5:
                raise CalendarError(f"make-up working day {day} is a weekday; list only weekends worked")
        first, last = date(self.first_year, 1, 1).toordinal(), date(self.last_year, 12, 31).toordinal()
        ordinals = tuple(n for n in range(first, last + 1) if self._works(date.fromordinal(n)))
        object.__setattr__(self, "_ordinals", ordinals)

    def _works(self, day: date) -> bool:
        if day.weekday() >= 5:
            return day in self.workdays
        return day not in self.holidays

    def _nth(self, index: int, after: date) -> date:
        if index >= len(self._ordinals):
            raise CalendarError(
                f"no holiday calendar for {self.last_year + 1}: counting working days from {after} runs past "
                f"the last known year {self.last_year}; add hub/cases/holidays/{self.last_year + 1}.yaml"
            )
        return date.fromordinal(self._ordinals[index])

    def _check(self, day: date) -> None:
        if not self.first_year <= day.year <= self.last_year:
            raise CalendarError(
                f"no holiday calendar for {day.year} (asked about {day}; known years "
                f"{self.first_year}-{self.last_year}); add hub/cases/holidays/{day.year}.yaml"
            )

    def name_of(self, day: date) -> str:
        """What the day is: a listed holiday's or make-up day's name, else 星期六/星期日 or 上班日."""
        self._check(day)
        if day in self.names:
            return self.names[day]
        return (
            ("星期六 Saturday", "星期日 Sunday")[day.weekday() - 5]
            if day.weekday() >= 5
            else "上班日 working day"
        )

    def is_working_day(self, day: date) -> bool:
        self._check(day)
        return self._works(day)

    def roll_forward(self, day: date) -> date:
        """``day`` itself if it is a working day, else the next working day (a last day on a holiday)."""
        self._check(day)
        return self._nth(bisect_left(self._ordinals, day.toordinal()), day)

    def add_working_days(self, start: date, count: int) -> date:
        """The ``count``-th working day after ``start`` (``start`` itself not counted); count 0 → roll forward."""
        if count < 0:
            raise CalendarError(f"cannot add {count} working days; the count must be 0 or more")
        if count == 0:
            return self.roll_forward(start)
        self._check(start)
        return self._nth(bisect_right(self._ordinals, start.toordinal()) + count - 1, start)

    def working_days_between(self, start: date, end: date) -> int:
        """How many working days lie in the half-open range ``[start, end)``; 0 when end <= start."""
        if end <= start:
            return 0
        self._check(start)
        self._check(end - timedelta(days=1))
        return bisect_left(self._ordinals, end.toordinal()) - bisect_left(self._ordinals, start.toordinal())


def _as_date(value: Any, where: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise CalendarError(f"{where}: {value!r} is not a date (use YYYY-MM-DD)") from exc


def calendar_from_table(table: Mapping[Any, Any]) -> WorkCalendar:
    """Build a calendar from ``{year: {"holidays": {date: name}, "workdays": {date: name}}}``."""
    if not table:
        raise CalendarError("the holiday table is empty")
    holidays: set[date] = set()
    workdays: set[date] = set()
    names: dict[date, str] = {}
    years: list[int] = []
    for year_key, entry in table.items():
        try:
            year = int(year_key)
        except (TypeError, ValueError) as exc:
            raise CalendarError(f"{year_key!r} is not a year") from exc
        years.append(year)
        if not isinstance(entry, Mapping):
            raise CalendarError(f"year {year}: expected 'holidays' and 'workdays' mappings")
        for kind, target in (("holidays", holidays), ("workdays", workdays)):
            for key in entry.get(kind) or {}:
                day = _as_date(key, f"{year} {kind}")
                if day.year != year:
                    raise CalendarError(f"{day} is listed under year {year}")
                target.add(day)
                names[day] = str((entry.get(kind) or {})[key])
    years.sort()
    if years != list(range(years[0], years[-1] + 1)):
        raise CalendarError(f"the holiday table has a gap between {years[0]} and {years[-1]}")
    return WorkCalendar(frozenset(holidays), frozenset(workdays), years[0], years[-1], names)


def load_year_files(texts: Mapping[str, str]) -> WorkCalendar:
    """Build a calendar from per-year YAML texts keyed by file name (``2025.yaml`` → year 2025)."""
    table: dict[int, Any] = {}
    for name, text in texts.items():
        stem = name.removesuffix(".yaml")
        if not stem.isdigit():
            raise CalendarError(f"holiday file {name!r} is not named after its year (e.g. 2025.yaml)")
        entry = yaml.safe_load(text)
        if not isinstance(entry, Mapping):
            raise CalendarError(f"holiday file {name}: expected 'holidays' and 'workdays' mappings")
        table[int(stem)] = entry
    return calendar_from_table(dict(sorted(table.items())))


@cache
def taiwan_calendar() -> WorkCalendar:
    """The shipped calendar of Taiwan's government offices: one file per year in hub/cases/holidays/."""
    folder = resources.files("hub.cases").joinpath("holidays")
    texts = {
        entry.name: entry.read_text(encoding="utf-8")
        for entry in folder.iterdir()
        if entry.name.endswith(".yaml")
    }
    return load_year_files(texts)
