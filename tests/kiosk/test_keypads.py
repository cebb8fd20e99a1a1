"""Keypad states and the validation of what citizens type."""

import datetime as dt

import pytest

from kiosk.keypads import (
    InvalidEntry,
    PadKind,
    PadState,
    check_national_id,
    check_phone,
    check_pin,
    mask_national_id,
    national_id_valid,
    parse_birth_date,
)


def type_in(state: PadState, keys: str) -> PadState:
    for key in keys:
        state = state.press(key)
    return state


def test_pin_pad_masks_every_digit_and_refuses_letters() -> None:
    state = type_in(PadState(PadKind.PIN), "12a34")
    assert state.text == "1234"
    assert state.display == "●●●●"
    assert "1" not in state.display


def test_national_id_pad_takes_one_letter_then_only_nine_digits() -> None:
    """GIVEN the ID pad WHEN a citizen types digits first, then letters after the first letter THEN they are ignored."""
    state = type_in(PadState(PadKind.NATIONAL_ID), "1a2b3456789012")
    assert state.text == "A234567890"
    assert len(state.text) == 10
    assert state.display == "A234567890"


def test_backspace_and_clear() -> None:
    state = type_in(PadState(PadKind.PHONE), "0912")
    assert state.backspace().text == "091"
    assert state.clear().text == ""


def test_phone_pad_stops_at_ten_digits() -> None:
    assert type_in(PadState(PadKind.PHONE), "091234567899").text == "0912345678"


@pytest.mark.parametrize("value", ["A123456789", "F131104093", "B142610160"])
def test_valid_national_ids(value: str) -> None:
    assert national_id_valid(value)
    assert check_national_id(value) == value


@pytest.mark.parametrize(("value", "key"), [("A123456788", "error.id_check"), ("A3234567890", "error.id_length"),
                                             ("A12345678", "error.id_length"), ("A323456789", "error.id_check")])  # fmt: skip
def test_invalid_national_ids_name_what_to_fix(value: str, key: str) -> None:
    with pytest.raises(InvalidEntry) as err:
        check_national_id(value)
    assert err.value.key == key


def test_mask_keeps_only_four_characters() -> None:
    assert mask_national_id("A123456789") == "A123******"


def test_pin_length_rule() -> None:
    assert check_pin("123456") == "123456"
    for bad in ("12345", "123456789", ""):
        with pytest.raises(InvalidEntry):
            check_pin(bad)


def test_phone_rule() -> None:
    assert check_phone("0912345678") == "0912345678"
    for bad in ("0212345678", "091234567", "1912345678"):
        with pytest.raises(InvalidEntry, match=r"error\.phone"):
            check_phone(bad)


def test_birth_date_roc_and_ad() -> None:
    today = dt.date(2026, 11, 21)
    assert parse_birth_date("0540312", today) == dt.date(1965, 3, 12)
    assert parse_birth_date("19650312", today) == dt.date(1965, 3, 12)
    for bad in ("0541312", "1150230", "20991231", "123", "18000101"):
        with pytest.raises(InvalidEntry, match=r"error\.birth_date"):
            parse_birth_date(bad, today)


def test_case_number_pad_takes_only_what_fits_each_position_and_shows_hyphens() -> None:
    """GIVEN the case-number pad WHEN a citizen types a case number without hyphens THEN it reads as on the
    receipt; a key that cannot come next (a digit first, a letter in the date, 0/1/I/L/O later) is ignored."""
    state = type_in(PadState(PadKind.CASE_NO), "K2611214AD53AJ5H3X")
    assert state.text == "K2611214AD53AJ5H3"
    assert state.display == "K261121-4AD53-AJ5H3"
    assert type_in(PadState(PadKind.CASE_NO), "7K2A6").text == "K26"  # no digit first, no letter in the date
    assert type_in(PadState(PadKind.CASE_NO), "K2611210O1IL4").text == "K2611214"  # 0/O/1/I/L never follow
    assert PadState(PadKind.CASE_NO).expects() == "KCOM"
    password = PadState(PadKind.QUERY_PASSWORD)
    assert type_in(password, "MV9ZZNKX").text == "MV9ZZNKX" and type_in(password, "01ILO").text == ""


def test_slip_password_pad_takes_digits_and_the_case_letters() -> None:
    """The password a citizen chose online (6-12 of digits and ALPHABET's letters): O, I, L never."""
    state = type_in(PadState(PadKind.SLIP_PASSWORD), "MEG2468OIL0")
    assert state.text == "MEG24680" and state.max_len == 12


def test_case_number_and_password_rules() -> None:
    from kiosk.keypads import check_case_no, check_query_password
    from wire.payloads.cases import Origin, make_case_no, make_query_password

    number = make_case_no(Origin.KIOSK, dt.date(2026, 11, 21))
    assert check_case_no(number.replace("-", "").lower()) == number
    password = make_query_password()
    assert check_query_password(password) == password
    with pytest.raises(InvalidEntry, match=r"error\.query_password"):
        check_query_password("1234")
