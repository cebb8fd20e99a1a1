"""Light identification: check digit, birth date, no echo of the number, never enough for card services."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hub.auth.national_id import (
    LETTER_VALUES,
    Assurance,
    InvalidIdentification,
    check_digit_ok,
    identify_light,
    masked,
    normalise_national_id,
    parse_birth_date,
)
from onestop.dev.pki import CITIZENS

TODAY = date(2026, 11, 21)
SECRET = b"0123456789abcdef"


@pytest.mark.parametrize("number", ["A123456789", *(c.national_id for c in CITIZENS.values())])
def test_known_valid_numbers(number: str) -> None:
    assert normalise_national_id(number.lower() + " ") == number


@given(
    st.sampled_from(sorted(LETTER_VALUES)),
    st.sampled_from("12"),
    st.text("0123456789", min_size=7, max_size=7),
)
def test_exactly_one_check_digit_fits(letter: str, sex: str, body: str) -> None:
    fits = [d for d in "0123456789" if check_digit_ok(letter + sex + body + d)]
    assert len(fits) == 1


@pytest.mark.parametrize("number", ["A123456788", "A323456789", "1123456789", "A12345678", "", "AB23456789"])
def test_bad_numbers_are_refused_without_echo(number: str) -> None:
    with pytest.raises(InvalidIdentification) as err:
        normalise_national_id(number)
    assert err.value.field == "national_id"
    assert not number or number not in str(err.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1985-03-15", date(1985, 3, 15)), ("74/03/15", date(1985, 3, 15)), ("0740315", date(1985, 3, 15))],
)
def test_birth_dates_iso_and_roc(text: str, expected: date) -> None:
    assert parse_birth_date(text, TODAY) == expected


@pytest.mark.parametrize("text", ["2030-01-01", "1985-02-30", "yesterday", "74/13/01"])
def test_bad_birth_dates(text: str) -> None:
    with pytest.raises(InvalidIdentification) as err:
        parse_birth_date(text, TODAY)
    assert err.value.field == "birth_date"


def test_identify_light_keeps_only_last4_and_a_keyed_hash() -> None:
    who = identify_light("a123456789", "74/03/15", TODAY, SECRET)
    assert who.id_last4 == "6789" and who.birth_date == date(1985, 3, 15)
    assert "A123456789" not in repr(who)
    assert who.subject_key == identify_light("A123456789", "1985-03-15", TODAY, SECRET).subject_key
    assert who.subject_key != identify_light("A123456789", "1985-03-15", TODAY, SECRET * 2).subject_key
    assert masked("A123456789") == "******6789"


def test_light_is_never_enough_for_card_services() -> None:
    assert Assurance.LIGHT.permits(Assurance.LIGHT)
    assert not Assurance.LIGHT.permits(Assurance.CARD)
    assert Assurance.CARD.permits(Assurance.LIGHT)
