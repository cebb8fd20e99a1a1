"""Settlement file format: good lines applied, unknown / wrong-amount / malformed lines only reported."""

from datetime import date, datetime

import pytest

from hub.payments.settlement import (
    DETAIL_LEN,
    Due,
    SettlementFileError,
    format_detail,
    format_header,
    format_trailer,
    parse,
    reconcile,
)

PAID = datetime(2025, 11, 20, 14, 5)


def _file(details: list[str], count: int | None = None, total: int | None = None) -> str:
    amounts = [int(d[17:26]) for d in details if d.startswith("D") and d[17:26].isdigit()]
    lines = [format_header(date(2025, 11, 21), "CVS711"), *details]
    lines.append(
        format_trailer(len(details) if count is None else count, sum(amounts) if total is None else total)
    )
    return "\r\n".join(lines) + "\r\n"


def test_format_widths() -> None:
    assert len(format_header(date(2025, 11, 21), "CVS711")) == 17
    line = format_detail("2511210000000001", 120, PAID, "S0001")
    assert len(line) == DETAIL_LEN
    assert line == "D2511210000000001000000120202511201405S0001   "
    assert format_trailer(3, 1234) == "T000000300000000001234"


def test_good_unknown_and_wrong_amount_lines() -> None:
    """GIVEN one good, one unknown and one wrong-amount line WHEN reconciled THEN only the good one applies."""
    text = _file(
        [
            format_detail("2511210000000001", 120, PAID, "S0001"),
            format_detail("2511219999999999", 50, PAID, "S0002"),
            format_detail("2511210000000002", 300, PAID, "S0003"),
        ]
    )
    settlement = parse(text)
    assert settlement.collector == "CVS711" and settlement.problems == ()
    result = reconcile(settlement.records, {"2511210000000001": Due(120), "2511210000000002": Due(320)})
    assert [r.payment_no for r in result.to_apply] == ["2511210000000001"]
    reasons = {p.line_no: p.reason for p in result.problems}
    assert reasons == {
        3: "unknown payment number 2511219999999999",
        4: "amount NT$300 does not match the NT$320 due",
    }


def test_repeat_and_already_paid_are_reported() -> None:
    rec = format_detail("2511210000000001", 120, PAID, "S0001")
    settlement = parse(_file([rec, rec]))
    result = reconcile(settlement.records, {"2511210000000001": Due(120)})
    assert len(result.to_apply) == 1 and result.problems[0].reason.startswith("payment number repeated")
    again = reconcile(settlement.records[:1], {"2511210000000001": Due(120, paid=True)})
    assert again.to_apply == () and "already" in again.problems[0].reason


def test_malformed_lines_are_problems_not_records() -> None:
    good = format_detail("2511210000000001", 120, PAID, "S0001")
    bad_date = "D2511210000000002000000120202513401405S0001   "
    short = "D25112100000000"
    other = "X something"
    settlement = parse(_file([good, bad_date, short, other], count=3, total=0))
    assert [r.payment_no for r in settlement.records] == ["2511210000000001"]
    assert [p.line_no for p in settlement.problems] == [3, 4, 5]
    assert "not a valid date" in settlement.problems[0].reason
    assert "46 characters" in settlement.problems[1].reason
    assert "unknown record type" in settlement.problems[2].reason


def test_trailing_spaces_stripped_by_an_editor_are_tolerated() -> None:
    line = format_detail("2511210000000001", 120, PAID, "S1").rstrip()
    assert parse(_file([line])).records[0].store == "S1"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("garbage\n", "header"),
        (
            format_header(date(2025, 11, 21), "X") + "\n" + format_detail("1" * 16, 1, PAID, "S") + "\n",
            "trailer",
        ),
        (_file([format_detail("1" * 16, 5, PAID, "S")], count=2), "detail lines"),
        (_file([format_detail("1" * 16, 5, PAID, "S")], total=6), "trailer total"),
        ("H20251340CVS711  \nT000000000000000000000\n", "not a date"),
    ],
)
def test_broken_frames_refuse_the_whole_file(text: str, message: str) -> None:
    with pytest.raises(SettlementFileError, match=message):
        parse(text)
