"""OCSP (RFC 6960) for card certificates: ask the configured responder, trust only a verified, fresh answer.

The transport is a function (URL, DER request) -> DER response, so the checks are tested without a network;
``http_post`` is the urllib one the hub uses. Any doubt (unreachable, unsigned, stale, "unknown") returns
None, and the CRL decides.
"""

from __future__ import annotations

import logging
import urllib.request
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509 import ocsp
from cryptography.x509.oid import ExtendedKeyUsageOID

from hub.auth.revocation import RevocationStatus

log = logging.getLogger(__name__)

Transport = Callable[[str, bytes], bytes]
_DER = Encoding.DER
MAX_AGE = timedelta(days=7)  # an answer without nextUpdate is trusted this long after thisUpdate
CLOCK_SKEW = timedelta(minutes=5)


def http_post(url: str, body: bytes, timeout: float = 3.0) -> bytes:
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/ocsp-request"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return bytes(response.read(1_000_000))


def _verify_signature(signer: x509.Certificate, response: ocsp.OCSPResponse) -> bool:
    key = signer.public_key()
    algorithm = response.signature_hash_algorithm
    if algorithm is None:
        return False
    try:
        if isinstance(key, rsa.RSAPublicKey):
            key.verify(response.signature, response.tbs_response_bytes, padding.PKCS1v15(), algorithm)
        elif isinstance(key, ec.EllipticCurvePublicKey):
            key.verify(response.signature, response.tbs_response_bytes, ec.ECDSA(algorithm))
        else:
            return False
    except InvalidSignature:
        return False
    return True


def _signer(response: ocsp.OCSPResponse, issuer: x509.Certificate, now: datetime) -> x509.Certificate | None:
    """The issuing CA itself, or a responder certificate it issued for OCSP signing (RFC 6960 §4.2.2.2)."""
    if response.responder_name == issuer.subject or response.responder_key_hash == _key_hash(issuer):
        return issuer
    for cert in response.certificates:
        try:
            cert.verify_directly_issued_by(issuer)
            eku = cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
        except (ValueError, TypeError, InvalidSignature, x509.ExtensionNotFound):
            continue
        if (
            ExtendedKeyUsageOID.OCSP_SIGNING in eku
            and cert.not_valid_before_utc <= now <= cert.not_valid_after_utc
        ):
            return cert
    return None


def _key_hash(cert: x509.Certificate) -> bytes:
    return x509.SubjectKeyIdentifier.from_public_key(cert.public_key()).digest


class OcspResponder:
    """``OcspClient`` for one responder URL."""

    def __init__(
        self, url: str, transport: Transport = http_post, now: Callable[[], datetime] | None = None
    ) -> None:
        if not url.startswith(("http://", "https://")):
            raise ValueError(f"OCSP responder URL {url!r} must be http:// or https://")
        self.url = url
        self._transport = transport
        self._now = now or (lambda: datetime.now(UTC))

    def check(self, cert: x509.Certificate, issuer: x509.Certificate) -> RevocationStatus | None:
        request = ocsp.OCSPRequestBuilder().add_certificate(cert, issuer, hashes.SHA1()).build()
        try:
            raw = self._transport(self.url, request.public_bytes(_DER))
            response = ocsp.load_der_ocsp_response(raw)
        except (OSError, ValueError) as exc:
            log.warning("OCSP responder %s did not answer usably: %s", self.url, type(exc).__name__)
            return None
        return self.judge(response, cert, issuer)

    def judge(
        self, response: ocsp.OCSPResponse, cert: x509.Certificate, issuer: x509.Certificate
    ) -> RevocationStatus | None:
        """The status a verified, fresh answer about ``cert`` gives; None for anything doubtful."""
        now = self._now()
        if response.response_status is not ocsp.OCSPResponseStatus.SUCCESSFUL:
            return None
        signer = _signer(response, issuer, now)
        if signer is None or not _verify_signature(signer, response):
            log.warning("OCSP answer from %s is not signed by the card's CA or its responder", self.url)
            return None
        if response.serial_number != cert.serial_number:
            return None
        this_update = response.this_update_utc
        next_update = response.next_update_utc or this_update + MAX_AGE
        if this_update > now + CLOCK_SKEW or now > next_update + CLOCK_SKEW:
            return None
        status = response.certificate_status
        if status is ocsp.OCSPCertStatus.GOOD:
            return RevocationStatus.GOOD
        if status is ocsp.OCSPCertStatus.REVOKED:
            return RevocationStatus.REVOKED
        return None
