"""Statistics: official ratings only, satisfaction share, periods in Taipei time, and a safe CSV."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

import pytest

from hub.ratings.statistics import (
    TAIPEI,
    Dimension,
    Period,
    RatingRow,
    day_range,
    overall,
    period_of,
    tally,
    to_csv,
)
from wire.payloads.ratings import RatingButton as B


def ms(y: int, m: int, d: int, h: int = 10, minute: int = 0) -> int:
    return int(datetime(y, m, d, h, minute, tzinfo=TAIPEI).timestamp() * 1000)


def row(button: B, at: int, counter: str = "c01", site: str = "tpe-xinyi", service: str | None = "HR-BIRTH",
        official: bool = True) -> RatingRow:  # fmt: skip
    return RatingRow(site, counter, service, button, at, official)


ROWS = [
    row(B.VERY_SATISFIED, ms(2026, 11, 20)),
    row(B.SATISFIED, ms(2026, 11, 20)),
    row(B.DISSATISFIED, ms(2026, 11, 20)),
    row(B.VERY_DISSATISFIED, ms(2026, 11, 20), official=False),  # unsolicited: excluded, counted apart
    row(B.VERY_SATISFIED, ms(2026, 11, 21), counter="c02", service="HR-MOVE"),
    row(B.VERY_DISSATISFIED, ms(2026, 11, 21), counter="c02", service="HR-MOVE"),
    row(B.SATISFIED, ms(2026, 11, 21), site="tpe-daan", counter="c01", service=None),
]


@pytest.mark.parametrize(
    ("at", "period", "label"),
    [
        (ms(2026, 11, 21, 0, 30), Period.DAY, "2026-11-21"),  # 00:30 in Taipei is still 20 Nov in UTC
        (ms(2026, 11, 21, 23, 59), Period.DAY, "2026-11-21"),
        (ms(2026, 11, 21), Period.WEEK, "2026-W47"),
        (ms(2027, 1, 1), Period.WEEK, "2026-W53"),  # ISO week of New Year's day
        (ms(2026, 12, 31), Period.MONTH, "2026-12"),
    ],
)
def test_periods_are_taipei_days_iso_weeks_and_months(at: int, period: Period, label: str) -> None:
    assert period_of(at, period) == label


def test_tally_per_counter_and_day_counts_only_official_ratings() -> None:
    buckets = {(b.period, b.key): b for b in tally(ROWS, Dimension.COUNTER, Period.DAY)}
    first = buckets[("2026-11-20", "tpe-xinyi/c01")]
    assert first.total == 3 and first.unsolicited == 1
    assert first.satisfied == 2 and first.satisfaction == pytest.approx(2 / 3)
    c02 = buckets[("2026-11-21", "tpe-xinyi/c02")]
    assert c02.counts == {B.VERY_SATISFIED: 1, B.VERY_DISSATISFIED: 1} and c02.satisfaction == 0.5
    assert list(buckets) == sorted(buckets)


@pytest.mark.parametrize(
    ("dimension", "period", "expected"),
    [
        (Dimension.OFFICE, Period.MONTH, {("2026-11", "tpe-xinyi"): (5, 1), ("2026-11", "tpe-daan"): (1, 0)}),
        (
            Dimension.SERVICE,
            Period.WEEK,
            {
                ("2026-W47", "HR-BIRTH"): (3, 1),
                ("2026-W47", "HR-MOVE"): (2, 0),
                ("2026-W47", "(none)"): (1, 0),
            },
        ),
    ],
)
def test_tally_per_office_and_service(
    dimension: Dimension, period: Period, expected: dict[tuple[str, str], tuple[int, int]]
) -> None:
    got = {(b.period, b.key): (b.total, b.unsolicited) for b in tally(ROWS, dimension, period)}
    assert got == expected


def test_a_bucket_of_only_unsolicited_presses_has_no_satisfaction_share() -> None:
    [bucket] = tally([row(B.VERY_SATISFIED, ms(2026, 11, 20), official=False)], Dimension.COUNTER, Period.DAY)
    assert bucket.total == 0 and bucket.unsolicited == 1 and bucket.satisfaction is None


def test_overall_matches_the_seed_figure_style() -> None:
    """Seed 002 reports satisfied = very satisfied + satisfied over all answers (97.6 % in Taichung)."""
    rows = [row(B.VERY_SATISFIED, 0)] * 65 + [row(B.SATISFIED, 0)] * 32 + [row(B.DISSATISFIED, 0)] * 3
    result = overall(rows)
    assert result.total == 100 and result.satisfaction == pytest.approx(0.97)


def test_csv_has_a_header_a_row_per_bucket_and_no_formula_cells() -> None:
    rows = [*ROWS, row(B.SATISFIED, ms(2026, 11, 20), service="=HYPERLINK(1)")]
    text = to_csv(tally(rows, Dimension.SERVICE, Period.DAY), Dimension.SERVICE)
    assert text.startswith("\ufeff")
    parsed = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert parsed[0][:3] == ["period", "dimension", "key"] and parsed[0][-3:] == [
        "official_total", "satisfaction_pct", "unsolicited_excluded"]  # fmt: skip
    by_key = {(r[0], r[2]): r for r in parsed[1:]}
    birth = by_key[("2026-11-20", "HR-BIRTH")]
    assert birth[3:7] == ["1", "1", "1", "0"] and birth[7:] == ["3", "66.7", "1"]
    assert ("2026-11-20", "'=HYPERLINK(1)") in by_key


def test_day_range_covers_whole_taipei_days_and_refuses_a_reversed_range() -> None:
    start, end = day_range(date(2026, 11, 20), date(2026, 11, 21))
    assert start == ms(2026, 11, 20, 0) and end == ms(2026, 11, 22, 0)
    with pytest.raises(ValueError, match=r"ends .* before it starts"):
        day_range(date(2026, 11, 21), date(2026, 11, 20))
