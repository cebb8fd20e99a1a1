"""Fee rules without a database: capital numerals, dated amounts, priced lines, the day's sums."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hub.counter.fees.core import Entry, FeeError, FeeSchedule, cash_difference, day_sums, method, price
from hub.counter.fees.numerals import capital_amount
from hub.counter.fees.service import shipped_schedule

SCHEDULE = FeeSchedule.from_mapping({"items": [
    {"code": "T", "zh": "戶籍謄本", "en": "Transcript", "unit": "份", "rates": [{"since": "2001-01-01", "amount": 15}]},
    {"code": "ID", "zh": "國民身分證", "en": "ID card", "unit": "張",
     "rates": [{"since": "2001-01-01", "amount": 50}, {"since": "2027-01-01", "amount": 80}]},
]})  # fmt: skip


@pytest.mark.parametrize(
    ("amount", "capitals"),
    [(0, "零元整"), (5, "伍元整"), (10, "壹拾元整"), (15, "壹拾伍元整"), (110, "壹佰壹拾元整"), (1005, "壹仟零伍元整"),
     (1230, "壹仟貳佰參拾元整"), (10_000, "壹萬元整"), (10_050, "壹萬零伍拾元整"), (100_500, "壹拾萬零伍佰元整"),
     (1_000_050, "壹佰萬零伍拾元整"), (20_001, "貳萬零壹元整"), (123_456_789, "壹億貳仟參佰肆拾伍萬陸仟柒佰捌拾玖元整")],
)  # fmt: skip
def test_capital_numerals_as_receipts_write_them(amount: int, capitals: str) -> None:
    assert capital_amount(amount) == capitals


@given(st.integers(min_value=0, max_value=10**11))
def test_capitals_read_back_to_the_amount(amount: int) -> None:
    """Every capital string parses back to its amount (a reader's parser written from the rules)."""
    digits = {c: i for i, c in enumerate("零壹貳參肆伍陸柒捌玖")}
    units = {"拾": 10, "佰": 100, "仟": 1000}
    text = capital_amount(amount).removesuffix("元整")
    total = section = digit = 0
    for ch in text:
        if ch in digits:
            digit = digits[ch]
        elif ch in units:
            section += digit * units[ch]
            digit = 0
        elif ch == "萬":
            total += (section + digit) * 10_000
            section = digit = 0
        elif ch == "億":
            total = (total + section + digit) * 100_000_000
            section = digit = 0
    assert total + section + digit == amount


@pytest.mark.parametrize("bad", [-1, 10**12, 1.5, True])
def test_capitals_refuse_what_no_receipt_holds(bad: object) -> None:
    with pytest.raises(ValueError):
        capital_amount(bad)  # type: ignore[arg-type]


def test_an_amount_changes_from_its_date_and_earlier_days_keep_the_old_one() -> None:
    assert price(SCHEDULE, [("ID", 1)], date(2026, 12, 31))[0].amount == 50
    assert price(SCHEDULE, [("ID", 1)], date(2027, 1, 1))[0].amount == 80


def test_picks_are_priced_and_the_same_item_twice_is_one_line() -> None:
    lines = price(SCHEDULE, [("T", "2"), ("ID", 1), ("T", 1)], date(2026, 12, 4))
    assert [(x.code, x.quantity, x.amount) for x in lines] == [("T", 3, 45), ("ID", 1, 50)]


@pytest.mark.parametrize(
    ("picks", "field"),
    [([("T", -1)], "quantity.T"), ([("T", 0)], "quantity.T"), ([("T", "2.5")], "quantity.T"), ([("T", 100)], "quantity.T"),
     ([("NOPE", 1)], "items"), ([], "items"), ([("T", 60), ("T", 60)], "quantity.T")],
)  # fmt: skip
def test_bad_picks_name_the_field(picks: list[tuple[str, object]], field: str) -> None:
    with pytest.raises(FeeError) as caught:
        price(SCHEDULE, picks, date(2026, 12, 4))
    assert caught.value.field == field


def test_an_item_before_its_first_rate_is_refused() -> None:
    with pytest.raises(FeeError, match="no amount before"):
        price(SCHEDULE, [("T", 1)], date(1999, 1, 1))


def test_unknown_method_is_refused() -> None:
    assert method("cash") == "cash"
    with pytest.raises(FeeError) as caught:
        method("gold")
    assert caught.value.field == "method"


@pytest.mark.parametrize(
    "data",
    [{"items": [{"code": "A", "zh": "a", "en": "a", "unit": "份", "rates": []}]},
     {"items": [{"code": "A", "zh": "a", "en": "a", "unit": "份", "rates": [{"since": "2020-01-01", "amount": -1}]}]},
     {"items": [{"code": "A", "zh": "a", "en": "a", "unit": "份",
                 "rates": [{"since": "2021-01-01", "amount": 1}, {"since": "2020-01-01", "amount": 2}]}]},
     {"items": [{"code": "A", "zh": "a", "en": "a", "unit": "份", "rates": [{"since": "2020-01-01", "amount": 1}]}] * 2},
     {"items": [{"code": "A", "zh": "a"}]}],
)  # fmt: skip
def test_a_bad_fee_items_file_is_refused_with_what_is_wrong(data: dict[str, object]) -> None:
    with pytest.raises(ValueError, match="fee items"):
        FeeSchedule.from_mapping(data)


def test_the_shipped_items_load() -> None:
    schedule = shipped_schedule()
    assert schedule.item("TRANSCRIPT").amount_on(date(2026, 12, 4)) == 15
    assert len(schedule.items) >= 8


def test_day_sums_count_voids_against_their_receipts_and_other_channels_apart() -> None:
    sums = day_sums([
        Entry("counter", "cash", 65, [("T", 1, 15), ("ID", 1, 50)]),
        Entry("counter", "card", 30, [("T", 2, 30)]),
        Entry("counter", "cash", -15, [("T", -1, -15)], void=True),
        Entry("store", "store", 1200, []),
    ])  # fmt: skip
    assert (sums.receipts, sums.voids, sums.total) == (2, 1, 1280)
    assert sums.by_method == {"cash": 50, "card": 30, "store": 1200}
    assert sums.by_item == {"T": (2, 30), "ID": (1, 50)}
    assert sums.by_channel == {"counter": 80, "store": 1200}
    assert cash_difference(sums, 40) == -10
