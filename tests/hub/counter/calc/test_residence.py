"""Naturalisation residence: days present per year from entry/exit pairs (seed 002:988-994; 國籍法 3, 4)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hub.counter.calc import Applicant, Basis, CalcError, Stay, residence_check

TODAY = date(2026, 12, 4)
CAL_BASIS = Basis.CALENDAR


def test_exactly_183_days_meets_and_one_day_short_does_not() -> None:
    # 2023-01-01 .. 2023-07-02, both days counted: 31+28+31+30+31+30+2 = 183
    full = [Stay(date(2021, 1, 1), date(2022, 12, 31)), Stay(date(2023, 1, 1), date(2023, 7, 2))]
    got = residence_check(full, Applicant.FOREIGN_SPOUSE, date(2024, 3, 1), TODAY, CAL_BASIS)
    assert [r.days for r in got.rows] == [365, 365, 183] and got.ok
    short = [Stay(date(2021, 1, 1), date(2022, 12, 31)), Stay(date(2023, 1, 1), date(2023, 7, 1))]
    got = residence_check(short, Applicant.FOREIGN_SPOUSE, date(2024, 3, 1), TODAY, CAL_BASIS)
    assert not got.ok
    assert [(r.label_en, r.short_by) for r in got.short_years] == [("2023", 1)]
    assert "不足 1 日" in got.steps[-1].zh


def test_a_trip_across_new_years_eve_is_split_between_the_years() -> None:
    # in Taiwan all 2021 and 2022 except a trip abroad from 2022-12-21 to 2023-01-09 (back on 01-10)
    stays = [
        Stay(date(2021, 1, 1), date(2022, 12, 20)),
        Stay(date(2023, 1, 10), date(2023, 12, 31)),
    ]
    got = residence_check(stays, Applicant.FOREIGN_SPOUSE, date(2024, 1, 15), TODAY, CAL_BASIS)
    assert [r.days for r in got.rows] == [365, 354, 356]
    assert got.ok


def test_five_years_for_others_and_the_short_year_is_named() -> None:
    stays = [
        Stay(date(2019, 1, 1), date(2020, 3, 31)),  # 2020: 91 days in spring + 31 in December = 122
        Stay(date(2020, 12, 1), None),  # back in December 2020 and still here
    ]
    got = residence_check(stays, Applicant.OTHER, date(2025, 6, 30), TODAY, CAL_BASIS)
    assert got.years_needed == 5
    assert [r.label_en for r in got.rows] == ["2020", "2021", "2022", "2023", "2024"]
    assert [(r.label_en, r.days, r.short_by) for r in got.short_years] == [("2020", 122, 61)]


def test_anniversary_years_count_back_from_the_application_date() -> None:
    got = residence_check([Stay(date(2021, 3, 2), None)], Applicant.FOREIGN_SPOUSE, date(2024, 3, 1), TODAY)
    assert [(r.start, r.end) for r in got.rows] == [
        (date(2021, 3, 2), date(2022, 3, 1)),
        (date(2022, 3, 2), date(2023, 3, 1)),
        (date(2023, 3, 2), date(2024, 3, 1)),
    ]
    assert [r.days for r in got.rows] == [365, 365, 366] and got.ok  # the last year holds 29 Feb 2024


def test_leaving_and_returning_the_same_day_counts_that_day_once() -> None:
    one = residence_check(
        [Stay(date(2023, 1, 1), date(2023, 12, 31))],
        Applicant.FOREIGN_SPOUSE,
        date(2024, 1, 1),
        TODAY,
        CAL_BASIS,
    )
    two = residence_check(
        [Stay(date(2023, 1, 1), date(2023, 6, 30)), Stay(date(2023, 6, 30), date(2023, 12, 31))],
        Applicant.FOREIGN_SPOUSE,
        date(2024, 1, 1),
        TODAY,
        CAL_BASIS,
    )
    assert one.rows == two.rows


@pytest.mark.parametrize(
    ("stays", "as_of", "field"),
    [
        ([Stay(date(2023, 5, 1), date(2023, 4, 30))], date(2024, 1, 1), "stays[0].exit"),  # exit before entry
        (
            [Stay(date(2023, 1, 1), date(2023, 6, 30)), Stay(date(2023, 6, 1), date(2023, 8, 1))],
            date(2024, 1, 1),
            "stays[1].entry",
        ),  # overlapping trips
        ([Stay(date(2023, 1, 1), None), Stay(date(2023, 8, 1), None)], date(2024, 1, 1), "stays[0].exit"),
        ([Stay(date(2024, 2, 1), None)], date(2024, 1, 1), "stays[0].entry"),
        ([Stay(date(2023, 2, 1), date(2024, 2, 1))], date(2024, 1, 1), "stays[0].exit"),
        ([Stay(date(2023, 2, 1), None)], TODAY + timedelta(days=1), "as_of"),
        ([], date(2024, 1, 1), "stays"),
    ],
)
def test_bad_input_names_the_field(stays: list[Stay], as_of: date, field: str) -> None:
    with pytest.raises(CalcError) as caught:
        residence_check(stays, Applicant.FOREIGN_SPOUSE, as_of, TODAY)
    assert caught.value.field == field and caught.value.message_zh


def test_overlap_is_found_whatever_order_the_trips_are_typed_in() -> None:
    stays = [Stay(date(2023, 6, 1), date(2023, 8, 1)), Stay(date(2023, 1, 1), date(2023, 6, 30))]
    with pytest.raises(CalcError, match="overlaps"):
        residence_check(stays, Applicant.FOREIGN_SPOUSE, date(2024, 1, 1), TODAY)


@st.composite
def trips(draw: st.DrawFn) -> list[Stay]:
    day = draw(st.dates(min_value=date(2015, 1, 1), max_value=date(2016, 1, 1)))
    found: list[Stay] = []
    for _ in range(draw(st.integers(1, 8))):
        length = draw(st.integers(0, 400))
        left = day + timedelta(days=length)
        if left > date(2024, 12, 31):
            break
        found.append(Stay(day, left))
        day = left + timedelta(days=draw(st.integers(0, 200)))
        if day > date(2024, 12, 31):
            break
    return found


@given(trips())
def test_calendar_years_add_up_to_the_days_present(stays: list[Stay]) -> None:
    got = residence_check(stays, Applicant.OTHER, date(2025, 1, 1), TODAY, CAL_BASIS)
    present = set()
    for s in stays:
        assert s.left is not None
        present |= {s.entered + timedelta(days=n) for n in range((s.left - s.entered).days + 1)}
    for row in got.rows:
        assert row.days == sum(1 for d in present if row.start <= d <= row.end)
        assert row.short_by == max(0, 183 - row.days)
    assert got.ok == all(r.days >= 183 for r in got.rows)
