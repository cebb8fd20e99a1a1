"""Working-day calendar: weekends, holidays, make-up working days, and refusal outside the table."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hub.cases.calendar import CalendarError, calendar_from_table, load_year_files, taiwan_calendar

CAL = taiwan_calendar()


def test_shipped_table_covers_2022_to_2027() -> None:
    assert (CAL.first_year, CAL.last_year) == (2022, 2027)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2022, 1, 22), True),  # Saturday made up for the 2022-02-04 bridge day
        (date(2022, 2, 4), False),
        (date(2023, 1, 2), False),  # New Year's Day on a Sunday, observed on Monday
        (date(2023, 6, 17), True),  # Saturday made up for the Dragon Boat bridge day
        (date(2024, 2, 8), False),  # Lunar New Year bridge day, made up on 2024-02-17
        (date(2024, 2, 17), True),
        (date(2024, 5, 1), True),  # Labour Day was not a civil-service day off before 2025
    ],
)
def test_earlier_dgpa_years(day: date, working: bool) -> None:
    assert CAL.is_working_day(day) is working


def test_days_have_names_for_the_reasoning() -> None:
    assert CAL.name_of(date(2024, 2, 12)).startswith("春節")
    assert CAL.name_of(date(2024, 2, 17)).startswith("補行上班")
    assert CAL.name_of(date(2024, 2, 18)) == "星期日 Sunday"
    assert CAL.name_of(date(2024, 2, 19)) == "上班日 working day"


def test_year_files_must_be_named_after_their_year() -> None:
    with pytest.raises(CalendarError, match="named after its year"):
        load_year_files({"holidays.yaml": "holidays: {}"})


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
    with pytest.raises(CalendarError, match=r"no holiday calendar for 2028 .*holidays/2028\.yaml"):
        CAL.is_working_day(date(2028, 1, 3))
    with pytest.raises(CalendarError, match="no holiday calendar for 2021"):
        CAL.roll_forward(date(2021, 12, 31))


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
    with pytest.raises(CalendarError, match=r"no holiday calendar for 2028: counting .* runs past"):
        CAL.add_working_days(date(2027, 12, 30), 5)
