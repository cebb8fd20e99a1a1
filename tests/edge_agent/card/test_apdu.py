"""Command bytes and status-word meanings (golden bytes from docs/card.md)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from edge_agent.card import apdu
from edge_agent.card.errors import CardFailure, PinBlocked, UnknownCard, WrongPin
from edge_agent.card.pin import Pin
from onestop.dev import card_applet


def test_golden_commands() -> None:
    assert apdu.select_applet() == bytes.fromhex("00A4040009F04F4E4553544F5001")
    assert apdu.select_certificate() == bytes.fromhex("00A4020C02C001")
    assert apdu.read_binary(0x0123) == bytes.fromhex("00B0012300")
    assert apdu.read_binary(0, le=16) == bytes.fromhex("00B0000010")
    assert apdu.verify_query() == bytes.fromhex("00200081")
    assert apdu.verify(Pin("0740315").block()) == bytes.fromhex("002000810830373430333135FF")
    assert apdu.get_response(0x80) == bytes.fromhex("00C0000080")
    sign = apdu.compute_signature(bytes(32))
    assert sign[:5] == bytes.fromhex("002A9E9A33") and sign[-1] == 0 and len(sign) == 5 + 51 + 1


def test_the_emulator_and_the_reader_agree_on_the_constants() -> None:
    assert apdu.APPLET_AID == card_applet.APPLET_AID
    assert apdu.CERT_FILE_ID == card_applet.CERT_FILE_ID
    assert apdu.SHA256_DIGEST_INFO_PREFIX == card_applet.SHA256_DIGEST_INFO_PREFIX


@pytest.mark.parametrize(("sw", "tries"), [(0x63C2, 2), (0x63C1, 1), (0x9000, None)])
def test_tries_from_verify(sw: int, tries: int | None) -> None:
    assert apdu.tries_from(apdu.Response(b"", sw)) == tries


def test_verify_outcomes_are_typed() -> None:
    with pytest.raises(WrongPin) as wrong:
        apdu.check_verify(apdu.Response(b"", 0x63C2))
    assert wrong.value.tries_left == 2 and "2" in wrong.value.citizen_message
    with pytest.raises(PinBlocked):
        apdu.check_verify(apdu.Response(b"", 0x6983))
    with pytest.raises(PinBlocked):
        apdu.check_verify(apdu.Response(b"", 0x63C0))
    with pytest.raises(CardFailure, match="6A80"):
        apdu.check_verify(apdu.Response(b"", 0x6A80))


def test_select_of_a_foreign_card_is_unknown_card() -> None:
    with pytest.raises(UnknownCard):
        apdu.check_select(apdu.Response(b"", 0x6A82))


def test_more_bytes() -> None:
    assert apdu.more_bytes(apdu.Response(b"", 0x6180)) == 0x80
    assert apdu.more_bytes(apdu.Response(b"", 0x6100)) == 256
    assert apdu.more_bytes(apdu.Response(b"", 0x9000)) is None


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(ValueError):
        apdu.read_binary(0x8000)
    with pytest.raises(ValueError):
        apdu.compute_signature(bytes(31))


@given(st.binary(max_size=40))
def test_any_reply_parses_or_fails_as_a_card_failure(raw: bytes) -> None:
    try:
        response = apdu.Response.parse(raw)
    except CardFailure:
        assert len(raw) < 2
        return
    assert response.data + response.sw.to_bytes(2, "big") == raw
