"""Card-login payloads: what the card signs, and that a login answer is a session or a refusal, never both."""

from __future__ import annotations

import hashlib

import pytest
from pydantic import ValidationError

from wire.payloads.auth import CardLoginResponse, SessionEnd, signed_data


def test_signed_data_is_the_two_sha256_hashes() -> None:
    data = signed_data("kiosk-001", "bm9uY2U=")
    assert len(data) == 64
    assert data[:32] == hashlib.sha256(b"kiosk-001").digest()
    assert data[32:].hex() == hashlib.sha256(b"bm9uY2U=").hexdigest()
    assert signed_data("站", "n")[:32] == hashlib.sha256("站".encode()).digest()


def test_login_response_is_a_session_or_a_refusal() -> None:
    ok = CardLoginResponse(session="s" * 32, holder_name="王小明", id_last4="6789", idle_timeout_s=180)
    assert ok.refused is None
    assert CardLoginResponse(refused="certificate_revoked").session is None
    with pytest.raises(ValidationError):
        CardLoginResponse()
    with pytest.raises(ValidationError):
        CardLoginResponse(session="s" * 32, idle_timeout_s=1, refused="nonce_expired")
    with pytest.raises(ValidationError):
        CardLoginResponse(session="s" * 32, holder_name="x", id_last4="A123456789", idle_timeout_s=1)


def test_session_end_reasons() -> None:
    assert SessionEnd(session="s" * 32, reason="card_removed").reason == "card_removed"
    with pytest.raises(ValidationError):
        SessionEnd(session="s" * 32, reason="because")
