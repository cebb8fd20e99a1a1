"""Onboarding payload (QR text, manual code with Verhoeff digit), TXT records and the config.apply command."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wire import Channel, DeviceKind
from wire.onboarding import (
    Advertisement,
    Onboarding,
    OnboardingError,
    Role,
    parse_manual_code,
    verhoeff_digit,
    verhoeff_valid,
)
from wire.payloads.provisioning import ClaimRequest, ConfigApply
from wire.registry import lookup


def test_verhoeff_known_vectors():
    # Published examples: 236 -> 3, 75872 -> 2, 12345 -> 1, 142857 -> 0.
    assert verhoeff_digit("236") == "3"
    assert verhoeff_digit("75872") == "2"
    assert verhoeff_digit("12345") == "1"
    assert verhoeff_digit("142857") == "0"
    assert verhoeff_valid("2363") and not verhoeff_valid("2364")


@given(st.text("0123456789", min_size=10, max_size=10), st.integers(0, 9), st.integers(1, 9))
def test_verhoeff_catches_every_single_digit_error(code, pos, delta):
    full = code + verhoeff_digit(code)
    i = pos
    wrong = full[:i] + str((int(full[i]) + delta) % 10) + full[i + 1 :]
    assert not verhoeff_valid(wrong)


@given(st.text("0123456789", min_size=10, max_size=10), st.integers(0, 9))
def test_verhoeff_catches_adjacent_swaps(code, pos):
    full = code + verhoeff_digit(code)
    if full[pos] == full[pos + 1]:
        return
    swapped = full[:pos] + full[pos + 1] + full[pos] + full[pos + 2 :]
    assert not verhoeff_valid(swapped)


def test_qr_text_round_trip_uses_alphanumeric_mode_characters():
    ob = Onboarding("kiosk-0042", DeviceKind.KIOSK, "1234567890")
    text = ob.qr_text()
    assert text == "OS1:KIOSK:KIOSK-0042:12345678902"
    assert set(text) <= set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")
    assert Onboarding.from_qr_text(text) == ob
    assert ob.manual_code == "1234-567-8902"
    assert parse_manual_code(ob.manual_code) == "1234567890"
    assert parse_manual_code("1234 567 8902") == "1234567890"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("WIFI:S:home;;", "not a OneStop onboarding code"),
        ("OS1:KIOSK:KIOSK-1", "4 fields"),
        ("OS1:TOASTER:KIOSK-1:12345678902", "unknown device kind"),
        ("OS1:KIOSK:KIOSK_1:12345678902", "device id"),
        ("OS1:KIOSK:KIOSK-1:1234567890", "11 digits"),
        ("OS1:KIOSK:KIOSK-1:12345678905", "check digit"),
        ("OS1:KIOSK:KIOSK-1:1234567890X", "only digits"),
    ],
)
def test_bad_qr_text_is_refused_with_the_reason(text, message):
    with pytest.raises(OnboardingError, match=message):
        Onboarding.from_qr_text(text)


def test_claim_request_accepts_qr_or_manual_code_and_needs_one():
    qr = Onboarding("kiosk-1", DeviceKind.KIOSK, "0000000001").qr_text()
    assert ClaimRequest(qr=qr, site="taipei-1").onboarding_claim() == ("kiosk-1", "0000000001")
    manual = Onboarding("kiosk-1", DeviceKind.KIOSK, "0000000001").manual_code
    req = ClaimRequest(device_id="kiosk-1", manual_code=manual, site="taipei-1")
    assert req.onboarding_claim() == ("kiosk-1", "0000000001")
    with pytest.raises(OnboardingError, match="QR text, or the device id"):
        ClaimRequest(device_id="kiosk-1", site="taipei-1").onboarding_claim()
    with pytest.raises(ValueError, match="site id"):
        ClaimRequest(qr=qr, site="Bad Site").onboarding_claim()


def test_advertisement_txt_round_trip_and_rejects_foreign_records():
    ad = Advertisement(Role.AGENT, "kiosk-7", "kiosk", "0.3.1", 4, False)
    assert Advertisement.from_txt(ad.txt()) == ad
    assert ad.txt()["prov"] == "no"
    with pytest.raises(ValueError, match="role"):
        Advertisement.from_txt({"id": "x"})
    with pytest.raises(ValueError, match="prov"):
        Advertisement.from_txt({**ad.txt(), "prov": "maybe"})


def test_config_apply_is_a_registered_command():
    assert lookup(Channel.COMMAND, "config.apply") is ConfigApply
    with pytest.raises(ValueError):
        ConfigApply(version=0, config={})
