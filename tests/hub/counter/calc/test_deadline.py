"""Legal deadlines: days vs months (Civil Code 120-123), month ends, a last day on a weekend or Lunar New Year."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hub.cases.calendar import taiwan_calendar
from hub.counter.calc import CalcError, PeriodUnit, deadline
from hub.counter.calc.periods import period_end

CAL = taiwan_calendar()
M, D = PeriodUnit.MONTHS, PeriodUnit.DAYS


@pytest.mark.parametrize(
    ("event", "amount", "unit", "end", "last"),
    [
        # 31 Jan + 1 month: February has no 31st → its last day (art. 121 proviso); leap and common years
        (date(2024, 1, 31), 1, M, date(2024, 2, 29), date(2024, 2, 29)),
        (date(2025, 1, 30), 1, M, date(2025, 2, 28), date(2025, 3, 3)),  # 2/28 和平紀念日 (Fri) → Mon
        # a period starting on the 1st of a month ends on the last day of the month (31 Aug + 6 months)
        (date(2024, 8, 31), 6, M, date(2025, 2, 28), date(2025, 3, 3)),
        (date(2025, 3, 29), 1, M, date(2025, 4, 29), date(2025, 4, 29)),  # corresponding day exists
        (date(2025, 3, 30), 1, M, date(2025, 4, 30), date(2025, 4, 30)),  # 31 April does not exist
        # 1 month vs 30 days from the same event
        (date(2024, 1, 15), 1, M, date(2024, 2, 15), date(2024, 2, 15)),
        (date(2024, 1, 15), 30, D, date(2024, 2, 14), date(2024, 2, 15)),  # 2/14 春節 (observed)
        # a last day on a Sunday moves to Monday
        (date(2025, 6, 6), 30, D, date(2025, 7, 6), date(2025, 7, 7)),
        # a last day on Lunar New Year's Eve 2026: the whole break and the weekend are passed over
        (date(2026, 1, 17), 30, D, date(2026, 2, 16), date(2026, 2, 23)),
        # a make-up working Saturday is a working day: nothing moves (2024-02-17 補行上班)
        (date(2024, 2, 7), 10, D, date(2024, 2, 17), date(2024, 2, 17)),
        # 29 Feb event + 12 months: the period starts on 1 March, so it ends on the last day of February
        (date(2024, 2, 29), 12, M, date(2025, 2, 28), date(2025, 3, 3)),
    ],
)
def test_civil_code_vectors(event: date, amount: int, unit: PeriodUnit, end: date, last: date) -> None:
    got = deadline(event, amount, unit, CAL)
    assert (got.period_end, got.last_day) == (end, last)
    assert got.first_day == event + timedelta(days=1)


def test_the_reasoning_names_the_holidays_passed_over() -> None:
    got = deadline(date(2026, 1, 17), 30, D, CAL)
    text = "\n".join(s.zh for s in got.steps)
    assert "農曆除夕" in text and "春節" in text and "2026-02-23" in text
    assert any("民法第122條" in s.rule for s in got.steps)
    assert got.skipped[0][0] == date(2026, 2, 16) and len(got.skipped) == 7


def test_month_reasoning_warns_it_is_not_thirty_days() -> None:
    text = "\n".join(s.zh for s in deadline(date(2024, 1, 30), 1, M, CAL).steps)
    assert "最後之月無相當日" in text and "1 個月不等於 30 日" in text


def test_a_year_missing_from_the_calendar_is_named() -> None:
    with pytest.raises(CalcError) as caught:
        deadline(date(2027, 12, 20), 1, M, CAL)
    assert caught.value.field == "calendar" and "2028" in caught.value.message_en


@pytest.mark.parametrize("amount", [0, -1, 5000])
def test_a_bad_amount_is_refused(amount: int) -> None:
    with pytest.raises(CalcError) as caught:
        deadline(date(2025, 1, 2), amount, D, CAL)
    assert caught.value.field == "amount"


events = st.dates(min_value=date(2022, 1, 1), max_value=date(2026, 12, 31))


@given(events, st.integers(1, 12))
def test_month_periods_follow_article_121(event: date, months: int) -> None:
    end = period_end(event, months, M)
    start = event + timedelta(days=1)
    # the end is in the month `months` after the start's month, or the day before the first of it
    assert 28 * months - 1 <= (end - event).days <= 31 * months
    after = end + timedelta(days=1)
    assert after.day == start.day or after.day == 1


@given(events, st.integers(1, 12))
def test_later_events_never_end_earlier(event: date, months: int) -> None:
    assert period_end(event + timedelta(days=1), months, M) >= period_end(event, months, M)


@given(st.dates(min_value=date(2022, 1, 1), max_value=date(2027, 10, 31)), st.integers(1, 60))
def test_the_last_day_is_the_first_working_day_on_or_after_the_end(event: date, days: int) -> None:
    got = deadline(event, days, D, CAL)
    assert CAL.is_working_day(got.last_day)
    day = got.period_end
    while day < got.last_day:
        assert not CAL.is_working_day(day)
        day += timedelta(days=1)
