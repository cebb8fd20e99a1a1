"""Why a card login is refused: one reason code per failed check, stable for clients and statistics."""

from __future__ import annotations

from enum import StrEnum


class Reason(StrEnum):
    MALFORMED_TOKEN = "malformed_token"
    UNSUPPORTED_FORMAT = "unsupported_format"
    UNSUPPORTED_ALGORITHM = "unsupported_algorithm"
    ORIGIN_MISMATCH = "origin_mismatch"  # the token names another device than the one presenting it
    NONCE_UNKNOWN = "nonce_unknown"
    NONCE_REPLAYED = "nonce_replayed"
    NONCE_EXPIRED = "nonce_expired"
    NONCE_OTHER_DEVICE = "nonce_other_device"
    CERTIFICATE_MALFORMED = "certificate_malformed"
    CERTIFICATE_NOT_YET_VALID = "certificate_not_yet_valid"
    CERTIFICATE_EXPIRED = "certificate_expired"
    CERTIFICATE_KEY_USAGE = "certificate_key_usage"
    CERTIFICATE_UNTRUSTED = "certificate_untrusted"  # no chain to a trust anchor (unknown CA)
    CERTIFICATE_REVOKED = "certificate_revoked"
    REVOCATION_UNKNOWN = "revocation_unknown"  # no CRL (or OCSP answer) for the issuer
    REVOCATION_STALE = "revocation_stale"  # the issuer's CRL is past its nextUpdate and was not renewed
    SIGNATURE_INVALID = "signature_invalid"


class AuthRefused(Exception):
    """A login refused for ``reason``; ``message`` says which check failed, without personal data."""

    def __init__(self, reason: Reason, message: str) -> None:
        super().__init__(f"{reason.value}: {message}")
        self.reason = reason
        self.message = message
