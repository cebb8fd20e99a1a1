"""Deadlines in working days, supplement pauses shifting them, and the hand-computed overdue fixture."""

import json
from datetime import date
from pathlib import Path

import pytest

from hub.cases.calendar import taiwan_calendar
from hub.cases.deadline import DeadlineError, LimitUnit, Pause, TimeLimit, due_date, paused_days
from hub.cases.stats import CaseTiming, Timeliness, classify, sla_report

CAL = taiwan_calendar()
FIXTURE = json.loads((Path(__file__).parent / "fixtures" / "overdue_2025-10-20.json").read_text("utf-8"))


def test_pause_of_three_working_days_across_a_holiday_moves_deadline_by_exactly_three() -> None:
    """GIVEN a 5-working-day case received Tue 2025-09-30 (due 10-08, Mid-Autumn 10-06 skipped)
    WHEN it waits for supplement from Thu 10-02 to Wed 10-08 (10-02, 10-03, 10-07: 3 working days)
    THEN the deadline moves 3 working days, over the National Day holiday and a weekend, to 10-14."""
    limit = TimeLimit(5)
    received = date(2025, 9, 30)
    before = due_date(CAL, received, limit)
    pause = Pause(date(2025, 10, 2), date(2025, 10, 8))
    after = due_date(CAL, received, limit, [pause])
    assert before == date(2025, 10, 8)
    assert paused_days(CAL, [pause], today=date(2025, 10, 20)) == 3
    assert after == date(2025, 10, 14)
    assert CAL.add_working_days(before, 3) == after
    assert CAL.working_days_between(before, after) == 3


def test_open_pause_counts_up_to_today() -> None:
    pause = Pause(date(2025, 10, 15))
    assert paused_days(CAL, [pause], today=date(2025, 10, 20)) == 3
    assert paused_days(CAL, [pause], today=date(2025, 10, 15)) == 0


def test_calendar_day_limit_ending_on_a_holiday_moves_to_next_working_day() -> None:
    """GIVEN 10 calendar days from Fri 2025-09-19 THEN the last day, Teachers' Day 09-29, moves to 09-30."""
    assert due_date(CAL, date(2025, 9, 19), TimeLimit(10, LimitUnit.CALENDAR_DAYS)) == date(2025, 9, 30)


def test_calendar_day_limit_shifted_by_paused_calendar_days() -> None:
    pause = Pause(date(2025, 9, 22), date(2025, 9, 24))
    assert due_date(CAL, date(2025, 9, 19), TimeLimit(10, LimitUnit.CALENDAR_DAYS), [pause]) == date(
        2025, 10, 1
    )


@pytest.mark.parametrize(
    "pauses",
    [
        [Pause(date(2025, 9, 1), date(2025, 9, 3))],  # before receipt
        [Pause(date(2025, 10, 2), date(2025, 10, 8)), Pause(date(2025, 10, 7), date(2025, 10, 9))],  # overlap
        [Pause(date(2025, 10, 2)), Pause(date(2025, 10, 9), date(2025, 10, 10))],  # open one not last
    ],
)
def test_inconsistent_pauses_are_refused(pauses: list[Pause]) -> None:
    with pytest.raises(DeadlineError):
        due_date(CAL, date(2025, 9, 30), TimeLimit(5), pauses)


def test_bad_limits_and_pauses_are_refused() -> None:
    with pytest.raises(DeadlineError):
        TimeLimit(0)
    with pytest.raises(DeadlineError):
        Pause(date(2025, 10, 8), date(2025, 10, 7))


def _timing(row: dict[str, object]) -> CaseTiming:
    pauses = tuple(
        Pause(date.fromisoformat(a), date.fromisoformat(b) if b else None)
        for a, b in row["pauses"]  # type: ignore[attr-defined]
    )
    closed = row["closed_on"]
    return CaseTiming(
        case_no=str(row["case_no"]),
        agency=str(row["agency"]),
        service=str(row["service"]),
        received=date.fromisoformat(str(row["received"])),
        limit=TimeLimit(int(row["limit"]), LimitUnit(str(row["unit"]))),  # type: ignore[call-overload]
        pauses=pauses,
        closed_on=date.fromisoformat(str(closed)) if closed else None,
    )


@pytest.mark.parametrize("row", FIXTURE["cases"], ids=lambda r: r["case_no"])
def test_each_fixture_case_matches_hand_computation(row: dict[str, object]) -> None:
    timeliness, due = classify(CAL, _timing(row), date.fromisoformat(FIXTURE["today"]))
    assert (timeliness, due.isoformat()) == (Timeliness(str(row["expect"])), row["due"]), row["why"]


def test_report_matches_hand_computed_tallies() -> None:
    report = sla_report(CAL, [_timing(r) for r in FIXTURE["cases"]], date.fromisoformat(FIXTURE["today"]))
    for agency, expected in FIXTURE["by_agency"].items():
        tally = report.by_agency[agency]
        got = {"on_time": tally.on_time, "late": tally.late, "open": tally.open, "overdue": tally.overdue}
        assert got == {k: v for k, v in expected.items() if k != "on_time_rate"}
        assert tally.on_time_rate == pytest.approx(expected["on_time_rate"])
    o = report.overall
    assert {"on_time": o.on_time, "late": o.late, "open": o.open, "overdue": o.overdue} == FIXTURE["overall"]
    assert o.total == len(FIXTURE["cases"])
