"""The card conversation against the emulator's applet (no reader): read, PIN, sign, GET RESPONSE."""

from __future__ import annotations

import hashlib

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

from edge_agent.card.card import CitizenCard
from edge_agent.card.errors import CardRemoved, PinBlocked, PinNotVerified, UnknownCard, WrongPin
from edge_agent.card.pin import Pin
from onestop.dev.fixtures import DevPkiFiles
from tests.edge_agent.card.fakes import FakeReader


def _card(
    dev_pki: DevPkiFiles, label: str = "valid", aid: bytes | None = None
) -> tuple[CitizenCard, FakeReader]:
    reader = FakeReader()
    reader.insert(dev_pki.applet(label) if aid is None else dev_pki.applet(label, aid))
    return CitizenCard(reader.connect()), reader


def test_reads_the_whole_certificate(dev_pki: DevPkiFiles) -> None:
    card, _ = _card(dev_pki)
    der = card.read_certificate()
    assert x509.load_der_x509_certificate(der) == dev_pki.pki.cards["valid"].cert


def test_signs_the_web_eid_data_after_the_pin(dev_pki: DevPkiFiles) -> None:
    """GIVEN a verified PIN WHEN signing a challenge THEN an RS256 signature of SHA256(origin)‖SHA256(nonce)."""
    card, reader = _card(dev_pki)
    card.select()
    with pytest.raises(PinNotVerified):
        card.sign_challenge("kiosk-001", "bm9uY2U=")
    card.verify_pin(Pin(dev_pki.pin("valid")))
    signature = card.sign_challenge("kiosk-001", "bm9uY2U=")
    key = dev_pki.pki.cards["valid"].cert.public_key()
    expected = hashlib.sha256(b"kiosk-001").digest() + hashlib.sha256(b"bm9uY2U=").digest()
    key.verify(signature, expected, padding.PKCS1v15(), hashes.SHA256())  # type: ignore[union-attr,call-arg]
    assert any(c[:2] == b"\x00\xc0" for c in reader.channels[0].sent)  # came back through GET RESPONSE


def test_three_wrong_pins_block_the_card(dev_pki: DevPkiFiles) -> None:
    card, _ = _card(dev_pki)
    card.select()
    assert card.tries_left() == 3
    for left in (2, 1):
        with pytest.raises(WrongPin) as err:
            card.verify_pin(Pin("000000"))
        assert err.value.tries_left == left
    with pytest.raises(PinBlocked):
        card.verify_pin(Pin("000000"))
    with pytest.raises(PinBlocked):
        card.tries_left()
    with pytest.raises(PinBlocked):
        card.verify_pin(Pin(dev_pki.pin("valid")))


def test_a_card_without_the_applet_is_unknown(dev_pki: DevPkiFiles) -> None:
    card, _ = _card(dev_pki, aid=bytes.fromhex("A000000003000000"))
    with pytest.raises(UnknownCard):
        card.read_certificate()


def test_card_pulled_mid_signature(dev_pki: DevPkiFiles) -> None:
    card, reader = _card(dev_pki)
    card.select()
    card.verify_pin(Pin(dev_pki.pin("valid")))
    reader.pull_on_ins = 0xC0  # gone between the first chunk and GET RESPONSE
    with pytest.raises(CardRemoved):
        card.sign_challenge("kiosk-001", "n")
