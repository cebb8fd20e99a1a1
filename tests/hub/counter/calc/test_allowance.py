"""Birth allowance: a parent registered in the city 180+ days, birth registered within 6 months (seed 002:1007-1009)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from hub.cases.calendar import taiwan_calendar
from hub.counter.calc import CalcError, birth_allowance, load_allowance_table
from hub.counter.calc.allowance import table_from_mapping

CAL = taiwan_calendar()
TABLE = load_allowance_table()
TODAY = date(2026, 12, 4)
BIRTH = date(2024, 2, 29)


def run(registered: date, mother: date | None = None, father: date | None = None, children: int = 1):  # type: ignore[no-untyped-def]
    return birth_allowance(BIRTH, registered, father, mother, TODAY, CAL, TABLE, children)


def test_eligible_with_exactly_180_days_and_the_amount_from_the_table() -> None:
    got = run(date(2024, 3, 5), mother=BIRTH - timedelta(days=180))
    assert got.eligible and got.amount == TABLE.amounts[-1].per_child and not got.reasons_zh


def test_179_days_is_not_enough_and_says_why() -> None:
    got = run(date(2024, 3, 5), mother=BIRTH - timedelta(days=179), father=BIRTH - timedelta(days=10))
    assert not got.eligible and got.amount == 0
    assert got.reasons_zh == ("父母設籍臺中市均未滿 180 天",)
    assert any("不足 1 天" in s.zh for s in got.steps)


def test_either_parent_is_enough() -> None:
    assert run(date(2024, 3, 5), mother=BIRTH - timedelta(days=3), father=date(2010, 1, 1)).eligible


def test_six_months_from_a_29_february_birth_end_on_the_next_working_day() -> None:
    # 6 months from 2024-02-29 start on 1 March → end 31 August, a Saturday → Monday 2 September
    assert run(date(2024, 9, 2), mother=date(2020, 1, 1)).register_by == date(2024, 9, 2)
    assert run(date(2024, 9, 2), mother=date(2020, 1, 1)).eligible
    late = run(date(2024, 9, 3), mother=date(2020, 1, 1))
    assert not late.eligible and "出生登記逾 6 個月" in late.reasons_zh[0]


def test_twins_get_the_amount_per_child() -> None:
    assert (
        run(date(2024, 3, 5), mother=date(2020, 1, 1), children=2).amount == 2 * TABLE.amounts[-1].per_child
    )


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"birth": TODAY + timedelta(days=1), "registered_on": TODAY}, "birth"),
        ({"registered_on": BIRTH - timedelta(days=1)}, "registered_on"),
        ({"mother_since": None, "father_since": None}, "parents"),
        ({"mother_since": TODAY + timedelta(days=1)}, "mother_since"),
        ({"children": 0}, "children"),
        ({"birth": date(2010, 1, 1), "registered_on": date(2010, 1, 2)}, "birth"),  # before the table
    ],
)
def test_bad_input_names_the_field(kwargs: dict[str, object], field: str) -> None:
    args: dict[str, object] = {
        "birth": BIRTH,
        "registered_on": date(2024, 3, 5),
        "father_since": None,
        "mother_since": date(2020, 1, 1),
        "today": TODAY,
        "work": CAL,
        "table": TABLE,
        "children": 1,
    }
    args.update(kwargs)
    with pytest.raises(CalcError) as caught:
        birth_allowance(**args)  # type: ignore[arg-type]
    assert caught.value.field == field


def test_a_malformed_table_is_refused() -> None:
    with pytest.raises(CalcError, match="malformed"):
        table_from_mapping({"city_zh": "臺中市"})
    with pytest.raises(CalcError) as caught:
        table_from_mapping(
            {
                "city_zh": "x",
                "city_en": "x",
                "residence_days": 180,
                "within_months": 6,
                "amounts": [{"from": "2015-01-01", "per_child": 0}],
            }
        )
    assert caught.value.field == "table.amounts"
