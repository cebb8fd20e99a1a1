"""The look-up keys' checks, the receipt masking and the store limit (seed 004:669, 1794, 1835)."""

from __future__ import annotations

from datetime import date

import pytest

from hub.fines.rules import (
    InvalidKey,
    business_no_ok,
    mask_name,
    mask_payer,
    normalise_key,
    payer_kind,
    store_slip_allowed,
)
from tests.hub.fines.conftest import COMPANY, SEVEN
from wire.payloads.fines import FineKey


def test_business_number_check_rule() -> None:
    # 2+4+0+(18→9)+9+2+(12→3)+1 = 30, divisible by 5
    assert business_no_ok(COMPANY)
    assert not business_no_ok("22099132")
    assert not business_no_ok("2209913") and not business_no_ok("2209913A")


def test_seventh_digit_seven_counts_as_one_or_zero() -> None:
    """1+0+4+1+8+1+(28→10→1)+4 = 20: passes only when the 7th digit's 10 counts as 1 (its other reading, 0,
    gives 19); the same number with an 8 there (32 → 5: 24) fails."""
    assert business_no_ok(SEVEN)
    assert not business_no_ok("10458584")
    assert business_no_ok("00000070") and business_no_ok("00000079")  # 0 and 9+1
    assert not business_no_ok("00000071")


@pytest.mark.parametrize(
    ("kind", "text", "field"),
    [
        (FineKey.BUSINESS_NO, "1234567", "business_no"),
        (FineKey.BUSINESS_NO, "22099132", "business_no"),
        (FineKey.NATIONAL_ID, "A123456788", "national_id"),
        (FineKey.NATIONAL_ID, "Z98", "national_id"),
        (FineKey.FINE_NO, "98-07", "fine_no"),
    ],
)
def test_malformed_keys_name_their_field_and_never_echo(kind: FineKey, text: str, field: str) -> None:
    with pytest.raises(InvalidKey) as caught:
        normalise_key(kind, text)
    assert caught.value.field == field
    assert text not in str(caught.value) and text not in caught.value.zh


def test_keys_are_normalised() -> None:
    assert normalise_key(FineKey.NATIONAL_ID, " a123456789 ") == "A123456789"
    assert normalise_key(FineKey.BUSINESS_NO, SEVEN) == SEVEN
    assert normalise_key(FineKey.FINE_NO, "9807021234") == "9807021234"
    assert payer_kind(COMPANY) is FineKey.BUSINESS_NO and payer_kind("A123456789") is FineKey.NATIONAL_ID


def test_receipt_masks_the_last_four_with_stars() -> None:
    assert mask_payer("A123456789") == "A12345****"
    assert mask_payer(COMPANY) == "2209****"
    assert mask_name("王小明") == "王○明" and mask_name("林一") == "林○"


def test_store_takes_up_to_twenty_thousand_within_the_due_date() -> None:
    today = date(2026, 12, 4)
    assert store_slip_allowed(20_000, today, today)
    assert not store_slip_allowed(20_001, date(2027, 1, 1), today)
    assert not store_slip_allowed(800, date(2026, 12, 3), today)
