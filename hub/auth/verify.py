"""Verify a card login token (Web eID style), checks in a fixed order, each failure with its own reason.

Order: token shape → origin is the presenting device → nonce (single use, not expired, this device's)
→ certificate validity period → key usage → chain to a trust anchor → revocation → signature.
Pure: cryptography only; the nonce store, trust store, revocation checker and clock are passed in.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from pydantic import BaseModel, ConfigDict, Field

from hub.auth.nonce import Nonce, NonceChecker
from hub.auth.reasons import AuthRefused, Reason
from hub.auth.revocation import RevocationChecker, RevocationStatus
from hub.auth.trust import TrustStore
from wire.payloads.auth import ALGORITHM, TOKEN_FORMAT, signed_data

MIN_RSA_BITS = 2048


class CardToken(BaseModel):
    """The login proof: ``POST /api/v1/auth/card`` body and the ``auth.card`` request body carry these fields."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    format: str = Field(max_length=32)
    certificate: str = Field(max_length=16_000)  # base64 DER
    algorithm: str = Field(max_length=16)
    signature: str = Field(max_length=2_000)  # base64
    nonce: str = Field(max_length=128)
    origin: str = Field(max_length=64)


@dataclass(frozen=True, slots=True)
class CardIdentity:
    """Who logged in: what the kiosk may show and what the hub may keep. No full national ID."""

    holder_name: str
    id_last4: str
    certificate_sha256: str  # hex fingerprint: stable per card, not personal data on its own
    issuer: str


def _b64(text: str, what: str) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise AuthRefused(Reason.MALFORMED_TOKEN, f"{what} is not valid base64") from None


def identity_of(cert: x509.Certificate) -> CardIdentity:
    names = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    serials = cert.subject.get_attributes_for_oid(NameOID.SERIAL_NUMBER)
    serial = str(serials[0].value) if serials else ""
    return CardIdentity(
        holder_name=str(names[0].value) if names else "",
        id_last4=serial[-4:] if serial[-4:].isdigit() else "",
        certificate_sha256=hashlib.sha256(cert.public_bytes(Encoding.DER)).hexdigest(),
        issuer=cert.issuer.rfc4514_string(),
    )


def check_validity(cert: x509.Certificate, now: datetime) -> None:
    if now < cert.not_valid_before_utc:
        raise AuthRefused(Reason.CERTIFICATE_NOT_YET_VALID, "the card certificate is not valid yet")
    if now > cert.not_valid_after_utc:
        raise AuthRefused(Reason.CERTIFICATE_EXPIRED, "the card certificate has expired")


def check_key_usage(cert: x509.Certificate) -> None:
    """Authentication needs digitalSignature; an EKU, if present, must allow client authentication."""
    try:
        usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        raise AuthRefused(Reason.CERTIFICATE_KEY_USAGE, "the certificate has no key usage") from None
    if not usage.digital_signature:
        raise AuthRefused(
            Reason.CERTIFICATE_KEY_USAGE, "the certificate's key may not sign (no digitalSignature)"
        )
    try:
        eku = cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    except x509.ExtensionNotFound:
        eku = None
    if eku is not None and ExtendedKeyUsageOID.CLIENT_AUTH not in eku:
        raise AuthRefused(Reason.CERTIFICATE_KEY_USAGE, "the certificate is not for client authentication")
    try:
        if cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca:
            raise AuthRefused(Reason.CERTIFICATE_KEY_USAGE, "a CA certificate cannot log in")
    except x509.ExtensionNotFound:
        pass


class TokenVerifier:
    """Issues challenges and verifies tokens; ``now`` gives the wall-clock time (UTC) for certificates."""

    def __init__(
        self,
        trust: TrustStore,
        revocation: RevocationChecker,
        nonces: NonceChecker,
        now: Callable[[], datetime],
    ) -> None:
        self.trust = trust
        self.revocation = revocation
        self.nonces = nonces
        self._now = now

    def challenge(self, device: str) -> Nonce:
        return self.nonces.issue(device)

    def verify(self, token: CardToken, device: str) -> CardIdentity:
        """The identity on a good token presented by ``device``; AuthRefused(reason) otherwise."""
        if token.format != TOKEN_FORMAT:
            raise AuthRefused(Reason.UNSUPPORTED_FORMAT, f"token format must be {TOKEN_FORMAT}")
        if token.algorithm != ALGORITHM:
            raise AuthRefused(Reason.UNSUPPORTED_ALGORITHM, f"algorithm must be {ALGORITHM}")
        der = _b64(token.certificate, "certificate")
        signature = _b64(token.signature, "signature")
        if token.origin != device:
            raise AuthRefused(Reason.ORIGIN_MISMATCH, "the token was made for another device")
        self.nonces.consume(token.nonce, device)
        try:
            cert = x509.load_der_x509_certificate(der)
            key = cert.public_key()
        except ValueError:
            raise AuthRefused(Reason.CERTIFICATE_MALFORMED, "the certificate is not valid DER") from None
        if not isinstance(key, rsa.RSAPublicKey) or key.key_size < MIN_RSA_BITS:
            raise AuthRefused(
                Reason.CERTIFICATE_MALFORMED, f"the certificate key must be RSA ≥ {MIN_RSA_BITS} bits"
            )
        now = self._now()
        check_validity(cert, now)
        check_key_usage(cert)
        chain = self.trust.chain(cert, now)
        status = self.revocation.status(cert, chain[1], now)
        if status is RevocationStatus.REVOKED:
            raise AuthRefused(Reason.CERTIFICATE_REVOKED, "the card certificate has been revoked")
        if status is RevocationStatus.STALE:
            raise AuthRefused(
                Reason.REVOCATION_STALE,
                "the revocation list is past its next update and no newer one is available; "
                "card login resumes when the hub's CRL is renewed",
            )
        if status is not RevocationStatus.GOOD:
            raise AuthRefused(
                Reason.REVOCATION_UNKNOWN,
                "the revocation status cannot be checked now (no CRL for the issuer)",
            )
        try:
            key.verify(signature, signed_data(token.origin, token.nonce), padding.PKCS1v15(), hashes.SHA256())
        except InvalidSignature:
            raise AuthRefused(
                Reason.SIGNATURE_INVALID, "the signature does not match the challenge"
            ) from None
        return identity_of(cert)
