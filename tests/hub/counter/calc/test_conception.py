"""Conception period: 181st to 302nd day before the birth, both inclusive (Civil Code 1062; seed 002:998)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hub.counter.calc import CalcError, conception_period

TODAY = date(2026, 12, 4)


@pytest.mark.parametrize(
    ("birth", "earliest", "latest"),
    [
        # worked by hand: 2024-09-01 → 2025-03-01 is 30+31+30+31+31+28 = 181 days; 121 more back → 05-03
        (date(2025, 3, 1), date(2024, 5, 3), date(2024, 9, 1)),
        # a 29 Feb birth: 2023-09-01 → 2024-02-29 is 181 days across a leap February
        (date(2024, 2, 29), date(2023, 5, 3), date(2023, 9, 1)),
        # a leap-year birth late in the year
        (date(2024, 12, 31), date(2024, 3, 4), date(2024, 7, 3)),
    ],
)
def test_statute_vectors(birth: date, earliest: date, latest: date) -> None:
    got = conception_period(birth, TODAY)
    assert (got.earliest, got.latest, got.days) == (earliest, latest, 122)
    assert got.contains(earliest) and got.contains(latest)
    assert not got.contains(earliest - timedelta(days=1)) and not got.contains(latest + timedelta(days=1))


def test_reasoning_shows_both_calendars() -> None:
    lines = [s.zh for s in conception_period(date(2024, 2, 29), TODAY).steps]
    assert any("民國112年5月3日" in line and "民國112年9月1日" in line for line in lines)
    assert any("民法第1062條" in s.rule for s in conception_period(date(2024, 2, 29), TODAY).steps)


def test_a_birth_in_the_future_is_refused_naming_the_field() -> None:
    with pytest.raises(CalcError) as caught:
        conception_period(TODAY + timedelta(days=1), TODAY)
    assert caught.value.field == "birth" and "晚於今天" in caught.value.message_zh


@given(st.dates(min_value=date(1950, 1, 1), max_value=TODAY))
def test_the_period_is_always_the_302nd_to_the_181st_day(birth: date) -> None:
    got = conception_period(birth, TODAY)
    assert (birth - got.earliest).days == 302
    assert (birth - got.latest).days == 181
    assert (got.latest - got.earliest).days + 1 == got.days == 122
