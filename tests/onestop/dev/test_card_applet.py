"""The MOICA-like applet, APDU by APDU (pure: no reader, no socket)."""

from __future__ import annotations

import hashlib

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from onestop.dev.card_applet import (
    APPLET_AID,
    CERT_FILE_ID,
    SHA256_DIGEST_INFO_PREFIX,
    MoicaApplet,
    build_atr,
    pad_pin,
    parse_command,
)
from onestop.dev.fixtures import DevPkiFiles

SELECT_APPLET = bytes([0x00, 0xA4, 0x04, 0x00, len(APPLET_AID)]) + APPLET_AID
SELECT_CERT = bytes([0x00, 0xA4, 0x02, 0x0C, 0x02]) + CERT_FILE_ID


def verify(pin: str) -> bytes:
    return bytes([0x00, 0x20, 0x00, 0x81, 0x08]) + pad_pin(pin)


def sign(digest_info: bytes) -> bytes:
    return bytes([0x00, 0x2A, 0x9E, 0x9A, len(digest_info)]) + digest_info + b"\x00"


@pytest.fixture
def applet(dev_pki: DevPkiFiles) -> MoicaApplet:
    return dev_pki.applet("valid")


def test_atr_has_a_correct_check_byte() -> None:
    atr = build_atr()
    assert atr[0] == 0x3B
    check = 0
    for b in atr[1:]:
        check ^= b
    assert check == 0


def test_select_by_aid_then_cert_file(applet: MoicaApplet) -> None:
    assert applet.process(SELECT_CERT) == b"\x6a\x82"  # no applet selected yet
    assert applet.process(SELECT_APPLET[:-1] + b"\x02") == b"\x6a\x82"  # other AID
    assert applet.process(SELECT_APPLET) == b"\x90\x00"
    assert applet.process(SELECT_CERT) == b"\x90\x00"


def test_read_binary_returns_the_certificate_in_chunks_with_end_of_file(applet: MoicaApplet) -> None:
    """GIVEN the cert EF selected WHEN reading 256-byte chunks THEN the last is short with 6282."""
    assert applet.process(b"\x00\xb0\x00\x00\x00") == b"\x69\x86"  # no EF selected
    applet.process(SELECT_APPLET)
    applet.process(SELECT_CERT)
    data, offset = b"", 0
    while True:
        reply = applet.process(bytes([0x00, 0xB0, offset >> 8, offset & 0xFF, 0x00]))
        data += reply[:-2]
        offset += len(reply) - 2
        if reply[-2:] == b"\x62\x82":
            break
        assert reply[-2:] == b"\x90\x00"
    assert data == applet.cert_der
    assert applet.process(bytes([0x00, 0xB0, offset >> 8, offset & 0xFF, 0x10])) == b"\x6b\x00"


def test_wrong_pins_count_down_then_block_and_a_blocked_card_stays_blocked(
    applet: MoicaApplet, dev_pki: DevPkiFiles
) -> None:
    applet.process(SELECT_APPLET)
    assert applet.process(b"\x00\x20\x00\x81") == b"\x63\xc3"  # ask tries, no attempt
    assert applet.process(verify("000000")) == b"\x63\xc2"
    assert applet.process(verify("111111")) == b"\x63\xc1"
    assert applet.process(verify("222222")) == b"\x69\x83"
    assert applet.process(verify(dev_pki.pin("valid"))) == b"\x69\x83"  # even the right PIN
    applet.reset()
    applet.process(SELECT_APPLET)
    assert applet.process(b"\x00\x20\x00\x81") == b"\x69\x83"


def test_a_right_pin_resets_the_counter(applet: MoicaApplet, dev_pki: DevPkiFiles) -> None:
    applet.process(SELECT_APPLET)
    assert applet.process(verify("000000")) == b"\x63\xc2"
    assert applet.process(verify(dev_pki.pin("valid"))) == b"\x90\x00"
    assert applet.tries_left == 3
    assert applet.process(b"\x00\x20\x00\x81") == b"\x90\x00"


def test_signature_needs_the_pin_and_comes_back_through_get_response(
    applet: MoicaApplet, dev_pki: DevPkiFiles
) -> None:
    digest = hashlib.sha256(b"challenge").digest()
    digest_info = SHA256_DIGEST_INFO_PREFIX + digest
    applet.process(SELECT_APPLET)
    assert applet.process(sign(digest_info)) == b"\x69\x82"
    applet.process(verify(dev_pki.pin("valid")))
    first = applet.process(sign(digest_info))
    assert first[-2:] == b"\x61\x80"  # 128 more bytes waiting
    second = applet.process(b"\x00\xc0\x00\x00\x80")
    assert second[-2:] == b"\x90\x00"
    signature = first[:-2] + second[:-2]
    assert len(signature) == 256
    dev_pki.pki.cards["valid"].cert.public_key().verify(  # type: ignore[union-attr,call-arg]
        signature, b"challenge", padding.PKCS1v15(), hashes.SHA256()
    )
    assert applet.process(b"\x00\xc0\x00\x00\x80") == b"\x69\x85"  # nothing pending any more


def test_signature_refuses_anything_but_a_sha256_digest_info(
    applet: MoicaApplet, dev_pki: DevPkiFiles
) -> None:
    applet.process(SELECT_APPLET)
    applet.process(verify(dev_pki.pin("valid")))
    assert applet.process(sign(b"\x00" * 51)) == b"\x6a\x80"
    assert applet.process(sign(hashlib.sha256(b"x").digest())) == b"\x6a\x80"


def test_reset_forgets_the_verified_pin(applet: MoicaApplet, dev_pki: DevPkiFiles) -> None:
    applet.process(SELECT_APPLET)
    applet.process(verify(dev_pki.pin("valid")))
    applet.reset()
    applet.process(SELECT_APPLET)
    digest_info = SHA256_DIGEST_INFO_PREFIX + bytes(32)
    assert applet.process(sign(digest_info)) == b"\x69\x82"


@pytest.mark.parametrize(
    ("apdu", "sw"),
    [
        (b"\x00\xa4", b"\x67\x00"),  # too short
        (b"\x00\xa4\x04\x00\x05\x01", b"\x67\x00"),  # Lc says 5, one byte follows
        (b"\x80\xa4\x04\x00\x00", b"\x6e\x00"),  # proprietary class
        (b"\x00\x84\x00\x00\x08", b"\x6d\x00"),  # GET CHALLENGE: not supported
        (b"\x00\x20\x00\x82", b"\x6a\x88"),  # unknown PIN reference
        (b"\x00\xa4\x08\x00\x02\xc0\x01", b"\x6a\x86"),  # select by path: not supported
    ],
)
def test_bad_commands_get_their_status_word_and_change_nothing(
    applet: MoicaApplet, apdu: bytes, sw: bytes
) -> None:
    applet.process(SELECT_APPLET)
    assert applet.process(apdu) == sw
    assert applet.tries_left == 3 and applet.applet_selected


def test_parse_command_cases() -> None:
    assert parse_command(b"\x00\xb0\x00\x00\x00").le == 256  # type: ignore[union-attr]
    assert parse_command(b"\x00\x20\x00\x81").data == b""  # type: ignore[union-attr]
    c = parse_command(b"\x00\x2a\x9e\x9a\x02\xaa\xbb\x00")
    assert c is not None and c.data == b"\xaa\xbb" and c.le == 256


def test_applet_refuses_a_key_of_another_certificate(dev_pki: DevPkiFiles) -> None:
    from cryptography.hazmat.primitives import serialization

    der = dev_pki.pki.cards["valid"].cert.public_bytes(serialization.Encoding.DER)
    with pytest.raises(ValueError, match="does not belong"):
        MoicaApplet(der, dev_pki.pki.cards["valid2"].key, "123456")
    with pytest.raises(ValueError, match="4 to 8 digits"):
        MoicaApplet(der, dev_pki.pki.cards["valid"].key, "12ab")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=300))
def test_any_bytes_get_a_status_word_and_never_use_a_pin_try(applet: MoicaApplet, apdu: bytes) -> None:
    """GIVEN arbitrary bytes from the reader WHEN the applet answers THEN a response with SW, no crash,
    and the retry counter only moves for a well-formed VERIFY with an 8-byte block."""
    applet.process(SELECT_APPLET)
    before = applet.tries_left
    reply = applet.process(apdu)
    assert len(reply) >= 2
    is_verify_attempt = apdu[:4] == b"\x00\x20\x00\x81" and len(apdu) in (13, 14) and apdu[4] == 8
    if not is_verify_attempt:
        assert applet.tries_left == before
