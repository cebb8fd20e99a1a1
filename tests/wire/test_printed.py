"""Payment slip codes: segment layout, the check characters, the NT$20,000 cap and the QR texts."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wire import printed
from wire.printed import (
    BANK_OR_ATM,
    MAX_AMOUNT,
    PaymentQr,
    SlipCodeError,
    case_from_qr,
    case_qr_content,
    check_characters,
    payment_from_qr,
    qr_content,
    selftest_from_qr,
    selftest_qr_content,
    slip_codes,
    store_payable,
    verify,
)


def test_worked_example_from_the_docs() -> None:
    """GIVEN the example worked by hand in docs/payment-slip.md WHEN encoded THEN the same three segments."""
    codes = slip_codes(due=date(2026, 12, 31), item_code="XHM", payment_no="1234567890123456", amount=1500)
    assert codes.segments == ("151231XHM", "1234567890123456", "123148000001500")


def test_short_payment_number_is_padded_with_zeros_on_the_right() -> None:
    codes = slip_codes(due=date(2026, 1, 5), item_code="A1Z", payment_no="P42", amount=20_000)
    assert codes.segment2 == "P420000000000000"
    assert codes.segment3.startswith("0105") and codes.segment3.endswith("000020000")
    assert [len(s) for s in codes.segments] == [9, 16, 15]


def test_remainders_zero_and_ten_use_letters() -> None:
    # Search small inputs for each special remainder so the letter mapping is exercised, not assumed.
    seen: set[str] = set()
    for amount in range(1, 400):
        c = check_characters("150101AAA", "0" * 16, "0101", f"{amount:09d}")
        seen.update({c[0], c[1]})
    assert {"A", "B", "X", "Y"} <= seen
    assert not ({"0"} & seen)  # remainder 0 never prints as the digit 0


def test_letters_count_by_the_code39_table() -> None:
    # J and A both count 1, S counts 2: swapping them keeps the check characters.
    base = check_characters("150101JSA", "0" * 16, "0101", "000000100")
    assert base == check_characters("150101ABJ", "0" * 16, "0101", "000000100")


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"amount": MAX_AMOUNT + 1}, "at most NT$20,000"),
        ({"amount": 0}, "outside"),
        ({"item_code": "xh"}, "collection item code"),
        ({"payment_no": "12345678901234567"}, "payment number"),
        ({"payment_no": "12-3"}, "payment number"),
    ],
)
def test_bad_input_is_refused_with_a_reason(kwargs: dict[str, object], fragment: str) -> None:
    args: dict[str, object] = {"due": date(2026, 3, 1), "item_code": "XHM", "payment_no": "1", "amount": 10}
    args.update(kwargs)
    with pytest.raises(SlipCodeError, match=fragment.replace("$", r"\$")):
        slip_codes(**args)  # type: ignore[arg-type]


@given(
    due=st.dates(min_value=date(2012, 1, 1), max_value=date(2099, 12, 31)),
    payment_no=st.from_regex(r"^[0-9]{16}$", fullmatch=True),
    amount=st.integers(1, MAX_AMOUNT),
    position=st.integers(0, 39),
    delta=st.integers(1, 9),
)
def test_any_single_digit_error_is_detected(
    due: date, payment_no: str, amount: int, position: int, delta: int
) -> None:
    codes = slip_codes(due=due, item_code="XHM", payment_no=payment_no, amount=amount)
    assert verify(codes.segments)
    joined = "".join(codes.segments)
    if position in (29, 30) or not joined[position].isdigit():  # the check characters or a letter
        return
    wrong = joined[:position] + str((int(joined[position]) + delta) % 10) + joined[position + 1 :]
    assert not verify((wrong[:9], wrong[9:25], wrong[25:]))


def test_over_twenty_thousand_is_not_payable_at_a_store() -> None:
    """Seed 004:1835: up to NT$20,000 at a store; over it, a bank or ATM; nothing is ever split."""
    assert store_payable(20_000) and store_payable(1)
    assert not store_payable(20_001) and not store_payable(0)
    with pytest.raises(SlipCodeError, match="bank or ATM"):
        slip_codes(due=date(2026, 3, 1), item_code="XHM", payment_no="1", amount=20_001)
    assert "ATM" in BANK_OR_ATM[0] and "ATM" in BANK_OR_ATM[1]
    assert not hasattr(printed, "split_amount")


def test_qr_texts_round_trip() -> None:
    assert case_from_qr(case_qr_content("A115-000123")) == "A115-000123"
    assert case_from_qr("https://example.org/") is None
    assert (
        qr_content(case_no="C1", payment_no="9", amount=5, due=date(2026, 1, 2))
        == "ONESTOP:PAY:C1:9:5:2026-01-02"
    )


def test_a_payment_qr_reads_back_and_anything_else_is_not_a_payment() -> None:
    text = qr_content(case_no="K261121-7QX4M", payment_no="1150000123", amount=1500, due=date(2026, 12, 31))
    assert payment_from_qr(text) == PaymentQr("K261121-7QX4M", "1150000123", 1500, date(2026, 12, 31))
    assert payment_from_qr(case_qr_content("K261121-7QX4M")) is None
    assert payment_from_qr("ONESTOP:PAY:1150000123") is None  # the old fake agent's shape: no case, no amount
    assert payment_from_qr("ONESTOP:PAY:C1:9:5:2026-02-30") is None  # not a date


def test_a_printer_test_page_qr_reads_back() -> None:
    assert selftest_from_qr(selftest_qr_content("2026-12-04 18:00:00")) == "2026-12-04 18:00:00"
    assert selftest_from_qr(case_qr_content("C1")) is None
    assert selftest_from_qr("ONESTOP:TEST:") is None


def test_form_qr_round_trip_and_refusals() -> None:
    from wire.printed import form_from_qr, form_qr_content

    text = form_qr_content("HR-F01", 5, "ab12cd34" + "0" * 56)
    assert text == "ONESTOP:FORM:HR-F01:V5:ab12cd34"
    found = form_from_qr(text)
    assert found is not None and (found.code, found.version, found.sha8) == ("HR-F01", 5, "ab12cd34")
    assert form_from_qr("ONESTOP:CASE:K1") is None and form_from_qr("ONESTOP:FORM:hr:V1:ab12cd34") is None
    with pytest.raises(ValueError):
        form_qr_content("HR F01", 5, "0" * 64)


def test_receipt_query_qr_round_trip_and_case_only_fallback() -> None:
    """Issue 18, defect 3: the receipt's QR gives case number and password; a case-only QR the number alone;
    a password outside the alphabet (an O, an I) or of the wrong length is not a query code."""
    from wire.printed import QueryQr, query_from_qr, query_qr_content

    text = query_qr_content("K261121-4AD53-AJ5H3", "MV9ZZNKX")
    assert text == "ONESTOP:QUERY:K261121-4AD53-AJ5H3:MV9ZZNKX"
    assert query_from_qr(f" {text}\n") == QueryQr("K261121-4AD53-AJ5H3", "MV9ZZNKX")
    assert query_from_qr(case_qr_content("K261121-4AD53-AJ5H3")) == QueryQr("K261121-4AD53-AJ5H3", None)
    for bad in ("ONESTOP:QUERY:K261121-4AD53-AJ5H3:MV9ZZNKO", "ONESTOP:QUERY:K261121-4AD53-AJ5H3:MV9ZZNK",
                "ONESTOP:PAY:K1:1:1:2026-01-01", "MV9ZZNKX", ""):  # fmt: skip
        assert query_from_qr(bad) is None, bad


def test_case_number_shape_comes_from_the_generator() -> None:
    """What may be typed at each position of a case number follows make_case_no (no I/L/O in random parts)."""
    from wire.payloads.cases import (
        ALPHABET,
        CASE_NO_EXAMPLE,
        PASSWORD_EXAMPLE,
        case_no_expects,
        characters_left_out,
        is_valid_case_no,
    )

    assert characters_left_out() == "01ILO" and is_valid_case_no(CASE_NO_EXAMPLE)
    assert all(c in ALPHABET for c in PASSWORD_EXAMPLE)
    typed = CASE_NO_EXAMPLE.replace("-", "")
    assert all(typed[i] in case_no_expects(typed[:i]) for i in range(len(typed)))
    assert case_no_expects("") == "KCOM" and "0" not in case_no_expects("K261121")
    assert case_no_expects(typed) == ""
