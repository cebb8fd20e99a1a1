"""Token verification: the good path and every refusal with its own reason (acceptance of issue 3)."""

from __future__ import annotations

import base64
from datetime import timedelta

import pytest

from hub.auth.reasons import AuthRefused, Reason
from hub.auth.verify import CardToken
from tests.hub.auth.conftest import Auth


def refused(auth: Auth, token: CardToken, device: str = "kiosk-001") -> Reason:
    with pytest.raises(AuthRefused) as err:
        auth.verifier.verify(token, device)
    assert "A123456789" not in str(err.value)
    return err.value.reason


def test_a_good_token_gives_the_identity_without_the_full_id(auth: Auth) -> None:
    identity = auth.verifier.verify(auth.token("valid"), "kiosk-001")
    assert identity.holder_name == "王小明" and identity.id_last4 == "6789"
    assert "A123456789" not in repr(identity)


def test_replayed_nonce(auth: Auth) -> None:
    token = auth.token("valid")
    auth.verifier.verify(token, "kiosk-001")
    assert refused(auth, token) is Reason.NONCE_REPLAYED


def test_expired_nonce(auth: Auth) -> None:
    token = auth.token("valid")
    auth.clock.t += 120.5
    assert refused(auth, token) is Reason.NONCE_EXPIRED


def test_nonce_just_inside_its_lifetime_works(auth: Auth) -> None:
    token = auth.token("valid")
    auth.clock.t += 119.9
    auth.verifier.verify(token, "kiosk-001")


def test_nonce_of_another_device(auth: Auth) -> None:
    """GIVEN a nonce issued to kiosk-002 WHEN kiosk-001 signs it for itself THEN refused, and the nonce is spent."""
    nonce = auth.verifier.challenge("kiosk-002").value
    assert refused(auth, auth.token("valid", "kiosk-001", nonce=nonce)) is Reason.NONCE_OTHER_DEVICE
    assert refused(auth, auth.token("valid", "kiosk-002", nonce=nonce), "kiosk-002") is Reason.NONCE_REPLAYED


def test_unknown_nonce(auth: Auth) -> None:
    forged = base64.b64encode(bytes(32)).decode()
    assert refused(auth, auth.token("valid", nonce=forged)) is Reason.NONCE_UNKNOWN


def test_token_made_for_another_device(auth: Auth) -> None:
    assert refused(auth, auth.token("valid", "kiosk-002"), device="kiosk-001") is Reason.ORIGIN_MISMATCH


def test_tampered_signature(auth: Auth) -> None:
    token = auth.token("valid")
    raw = bytearray(base64.b64decode(token.signature))
    raw[10] ^= 0x01
    tampered = token.model_copy(update={"signature": base64.b64encode(bytes(raw)).decode()})
    assert refused(auth, tampered) is Reason.SIGNATURE_INVALID


def test_signature_by_another_card_over_the_right_data(auth: Auth) -> None:
    """GIVEN valid2's signature on the challenge WHEN presented with valid's certificate THEN refused."""
    token = auth.token("valid")
    other = auth.token("valid2", nonce="x")  # its signature is over another nonce, and by another key
    assert refused(auth, token.model_copy(update={"signature": other.signature})) is Reason.SIGNATURE_INVALID


def test_expired_certificate(auth: Auth) -> None:
    assert refused(auth, auth.token("expired")) is Reason.CERTIFICATE_EXPIRED


def test_not_yet_valid_certificate(auth: Auth) -> None:
    auth.wall[0] -= timedelta(days=60)
    assert refused(auth, auth.token("valid")) is Reason.CERTIFICATE_NOT_YET_VALID


def test_revoked_certificate(auth: Auth) -> None:
    assert refused(auth, auth.token("revoked")) is Reason.CERTIFICATE_REVOKED


def test_unknown_ca_even_with_the_same_names(auth: Auth) -> None:
    assert refused(auth, auth.token("unknown-ca")) is Reason.CERTIFICATE_UNTRUSTED


def test_key_usage_without_digital_signature(auth: Auth) -> None:
    assert refused(auth, auth.token("wrong-usage")) is Reason.CERTIFICATE_KEY_USAGE


def test_stale_crl_fails_closed(auth: Auth) -> None:
    """GIVEN the CRL past its nextUpdate (7 days) and no newer one WHEN a good card logs in THEN it is
    refused with its own reason, revocation_stale."""
    auth.wall[0] += timedelta(days=8)
    assert refused(auth, auth.token("valid")) is Reason.REVOCATION_STALE


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"format": "web-eid:1"}, Reason.UNSUPPORTED_FORMAT),
        ({"algorithm": "ES256"}, Reason.UNSUPPORTED_ALGORITHM),
        ({"certificate": "not base64!"}, Reason.MALFORMED_TOKEN),
        ({"signature": "%%%"}, Reason.MALFORMED_TOKEN),
        ({"certificate": base64.b64encode(b"not a certificate").decode()}, Reason.CERTIFICATE_MALFORMED),
    ],
)
def test_malformed_tokens(auth: Auth, change: dict[str, str], reason: Reason) -> None:
    assert refused(auth, auth.token("valid").model_copy(update=change)) is reason


def test_checks_run_in_the_documented_order(auth: Auth) -> None:
    """An expired AND revoked-issuer-unknown AND badly signed token is refused for the first check: validity."""
    token = auth.token("expired")
    raw = bytearray(base64.b64decode(token.signature))
    raw[0] ^= 0xFF
    token = token.model_copy(update={"signature": base64.b64encode(bytes(raw)).decode()})
    assert refused(auth, token) is Reason.CERTIFICATE_EXPIRED


def test_a_refused_token_spends_its_nonce(auth: Auth) -> None:
    token = auth.token("revoked")
    assert refused(auth, token) is Reason.CERTIFICATE_REVOKED
    assert refused(auth, token) is Reason.NONCE_REPLAYED


def test_nonces_are_256_bits_and_unique(auth: Auth) -> None:
    values = {auth.verifier.challenge("kiosk-001").value for _ in range(200)}
    assert len(values) == 200
    assert all(len(base64.b64decode(v)) == 32 for v in values)
