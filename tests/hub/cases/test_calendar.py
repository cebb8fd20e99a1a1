"""Working-day calendar: weekends, holidays, make-up working days, and refusal outside the table."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hub.cases.calendar import CalendarError, calendar_from_table, taiwan_calendar

CAL = taiwan_calendar()


def test_shipped_table_covers_2025_to_2027() -> None:
    assert (CAL.first_year, CAL.last_year) == (2025, 2027)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2025, 10, 6), False),  # Mid-Autumn Festival, a Monday
        (date(2025, 10, 7), True),
        (date(2025, 2, 8), True),  # Saturday make-up working day
        (date(2025, 2, 15), False),  # an ordinary Saturday
        (date(2026, 2, 20), False),  # Lunar New Year observed
        (date(2027, 12, 24), False),  # Constitution Day observed on the Friday before
    ],
)
def test_is_working_day(day: date, working: bool) -> None:
    assert CAL.is_working_day(day) is working


def test_add_working_days_skips_lunar_new_year() -> None:
    """GIVEN Friday 2026-02-13 WHEN adding one working day THEN the nine-day break is skipped."""
    assert CAL.add_working_days(date(2026, 2, 13), 1) == date(2026, 2, 23)


def test_add_working_days_counts_make_up_saturday() -> None:
    assert CAL.add_working_days(date(2025, 2, 6), 2) == date(2025, 2, 8)


def test_add_zero_rolls_a_holiday_forward() -> None:
    assert CAL.add_working_days(date(2025, 10, 10), 0) == date(2025, 10, 13)
    assert CAL.roll_forward(date(2025, 10, 13)) == date(2025, 10, 13)


def test_working_days_between_is_half_open() -> None:
    assert CAL.working_days_between(date(2025, 10, 3), date(2025, 10, 8)) == 2  # 10-03, 10-07
    assert CAL.working_days_between(date(2025, 10, 8), date(2025, 10, 3)) == 0


def test_outside_the_table_is_refused_with_a_fix() -> None:
    with pytest.raises(CalendarError, match="add that year"):
        CAL.is_working_day(date(2028, 1, 3))


def test_negative_count_refused() -> None:
    with pytest.raises(CalendarError):
        CAL.add_working_days(date(2025, 1, 2), -1)


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({}, "empty"),
        ({2025: {"holidays": {"2025-10-11": "x"}}}, "weekend"),
        ({2025: {"workdays": {"2025-10-07": "x"}}}, "weekday"),
        ({2025: {"holidays": {"2026-01-02": "x"}}}, "listed under year"),
        ({2025: {"holidays": {"not-a-date": "x"}}}, "not a date"),
        ({2025: {}, 2027: {}}, "gap"),
    ],
)
def test_bad_tables_are_refused(table: dict[object, object], message: str) -> None:
    with pytest.raises(CalendarError, match=message):
        calendar_from_table(table)


def _walk_add(start: date, count: int) -> date:
    """Reference: step day by day (the obvious, slow definition)."""
    day = start
    if count == 0:
        while not CAL.is_working_day(day):
            day += timedelta(days=1)
        return day
    while count:
        day += timedelta(days=1)
        if CAL.is_working_day(day):
            count -= 1
    return day


@settings(max_examples=300, deadline=None)
@given(
    start=st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 9, 30)),
    count=st.integers(min_value=0, max_value=60),
    span=st.integers(min_value=0, max_value=90),
)
def test_fast_arithmetic_agrees_with_walking_day_by_day(start: date, count: int, span: int) -> None:
    assert CAL.add_working_days(start, count) == _walk_add(start, count)
    end = start + timedelta(days=span)
    walked = sum(1 for i in range(span) if CAL.is_working_day(start + timedelta(days=i)))
    assert CAL.working_days_between(start, end) == walked


def test_counting_past_the_table_is_refused() -> None:
    with pytest.raises(CalendarError, match="past the holiday table"):
        CAL.add_working_days(date(2027, 12, 30), 5)
