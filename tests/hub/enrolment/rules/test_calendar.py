"""Age brackets at every 1 September edge, ROC/AD dates, schedule and waitlist validity."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from hub.enrolment.rules.calendar import Age, Phase, taichung_112
from hub.enrolment.rules.dates import TAIPEI, format_both, format_roc, parse_date
from hub.enrolment.rules.errors import InvalidDate, OutsideAgeBrackets

YEAR = taichung_112()

# Seed 003 lines 8-14: every bracket edge, and one day beyond it.
EDGES = [
    ("2017-09-01", None),  # one day too old for the 5-year bracket
    ("2017-09-02", Age.FIVE),
    ("2018-09-01", Age.FIVE),
    ("2018-09-02", Age.FOUR),
    ("2019-09-01", Age.FOUR),
    ("2019-09-02", Age.THREE),
    ("2020-09-01", Age.THREE),
    ("2020-09-02", Age.TWO),
    ("2021-09-01", Age.TWO),
    ("2021-09-02", None),  # one day too young for the 2-year bracket
    ("2020-02-29", Age.THREE),  # leap day
]


@pytest.mark.parametrize(("born", "age"), EDGES)
def test_age_bracket_edges_ad(born: str, age: Age | None) -> None:
    birth = date.fromisoformat(born)
    if age is None:
        with pytest.raises(OutsideAgeBrackets) as err:
            YEAR.age_of(birth)
        assert "106-09-02 (2017-09-02)" in err.value.message_en
        assert "110-09-01 (2021-09-01)" in err.value.message_zh
    else:
        assert YEAR.age_of(birth) is age


@pytest.mark.parametrize(("born", "age"), EDGES)
def test_roc_input_gives_the_same_bracket(born: str, age: Age | None) -> None:
    ad = date.fromisoformat(born)
    roc_text = f"民國{ad.year - 1911}年{ad.month}月{ad.day}日"
    assert parse_date(roc_text) == ad
    assert parse_date(f"{ad.year - 1911}/{ad.month}/{ad.day}") == ad
    assert parse_date(born) == ad


def test_bracket_ranges_are_the_seed_table() -> None:
    assert YEAR.bracket_range(Age.TWO) == (date(2020, 9, 2), date(2021, 9, 1))
    assert YEAR.bracket_range(Age.THREE) == (date(2019, 9, 2), date(2020, 9, 1))
    assert YEAR.bracket_range(Age.FOUR) == (date(2018, 9, 2), date(2019, 9, 1))
    assert YEAR.bracket_range(Age.FIVE) == (date(2017, 9, 2), date(2018, 9, 1))
    assert YEAR.ad_year == 2023 and YEAR.cutoff == date(2023, 9, 1)


@pytest.mark.parametrize("text", ["", "106-13-01", "2017-02-30", "next tuesday", "106-02-29"])
def test_unreadable_dates_are_refused_in_both_languages(text: str) -> None:
    with pytest.raises(InvalidDate) as err:
        parse_date(text)
    assert "106-09-02" in err.value.message_zh and "2017-09-02" in err.value.message_en


def test_dates_are_shown_both_ways() -> None:
    assert format_roc(date(2017, 9, 2)) == "民國106年9月2日"
    assert format_both(date(2017, 9, 2)) == "106-09-02 (2017-09-02)"


def test_schedule_and_waitlist_validity() -> None:
    """GIVEN year 112 WHEN asking for deadlines THEN 16:00/17:00 on draw day and end of Feb 113 (leap year)."""
    p1 = YEAR.schedule(Phase.ONE)
    assert p1.draw_at == datetime(2023, 4, 8, 14, tzinfo=TAIPEI)
    assert p1.winners_deadline.hour == 16 and p1.waitlist_deadline.hour == 17
    assert YEAR.schedule(Phase.TWO).draw_at == datetime(2023, 4, 15, 14, tzinfo=TAIPEI)
    assert YEAR.waitlist_valid_until() == datetime(2024, 2, 29, 23, 59, 59, tzinfo=TAIPEI)
