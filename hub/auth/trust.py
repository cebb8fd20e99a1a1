"""Trust anchors and issuing CAs from a PEM bundle, and the chain from a card certificate to an anchor."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature

from hub.auth.reasons import AuthRefused, Reason

MAX_DEPTH = 4


class TrustConfigError(ValueError):
    """The trust-anchor file cannot be used; the message names the file and the problem."""


def signed_by(cert: x509.Certificate, issuer: x509.Certificate) -> bool:
    """True if ``issuer``'s key verifies ``cert``'s signature and the names match."""
    try:
        cert.verify_directly_issued_by(issuer)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True


def _is_ca(cert: x509.Certificate) -> bool:
    try:
        bc = cert.extensions.get_extension_for_class(x509.BasicConstraints).value
    except x509.ExtensionNotFound:
        return False
    try:
        usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return bc.ca
    return bc.ca and usage.key_cert_sign


class TrustStore:
    """Self-signed CA certificates are anchors; the other CA certificates are intermediates that must
    themselves chain to an anchor (checked at load, so a bad bundle fails at start-up)."""

    def __init__(self, certificates: list[x509.Certificate], source: str = "<trust anchors>") -> None:
        self.anchors = [c for c in certificates if c.subject == c.issuer and signed_by(c, c)]
        self.intermediates = [c for c in certificates if c not in self.anchors]
        if not self.anchors:
            raise TrustConfigError(f"{source}: holds no self-signed root CA certificate")
        for cert in certificates:
            if not _is_ca(cert):
                raise TrustConfigError(f"{source}: {cert.subject.rfc4514_string()} is not a CA certificate")
        for inter in self.intermediates:
            if not self._reaches_anchor(inter, 0):
                raise TrustConfigError(
                    f"{source}: {inter.subject.rfc4514_string()} does not chain to a root CA in the file"
                )

    @classmethod
    def from_pem(cls, data: bytes, source: str = "<trust anchors>") -> TrustStore:
        try:
            certificates = x509.load_pem_x509_certificates(data)
        except ValueError:
            raise TrustConfigError(f"{source}: is not a PEM file of certificates") from None
        return cls(certificates, source)

    @classmethod
    def load(cls, path: Path | str) -> TrustStore:
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            raise TrustConfigError(f"{path}: cannot be read ({exc.strerror})") from None
        return cls.from_pem(data, str(path))

    def _reaches_anchor(self, cert: x509.Certificate, depth: int) -> bool:
        if depth > MAX_DEPTH:
            return False
        if any(signed_by(cert, a) for a in self.anchors):
            return True
        return any(
            signed_by(cert, i) and self._reaches_anchor(i, depth + 1) for i in self.intermediates if i != cert
        )

    def issuer_of(self, cert: x509.Certificate) -> x509.Certificate | None:
        """The trusted CA certificate whose key signed ``cert``, if any."""
        for ca in self.intermediates + self.anchors:
            if signed_by(cert, ca):
                return ca
        return None

    def chain(self, leaf: x509.Certificate, now: datetime) -> list[x509.Certificate]:
        """[leaf, issuing CA, ..., anchor]; AuthRefused(CERTIFICATE_UNTRUSTED) if there is none valid at ``now``."""
        chain = [leaf]
        cert = leaf
        for _ in range(MAX_DEPTH + 1):
            issuer = self.issuer_of(cert)
            if issuer is None:
                raise AuthRefused(
                    Reason.CERTIFICATE_UNTRUSTED,
                    "the certificate was not issued by a trusted certificate authority",
                )
            if not issuer.not_valid_before_utc <= now <= issuer.not_valid_after_utc:
                raise AuthRefused(
                    Reason.CERTIFICATE_UNTRUSTED, "the issuing CA's certificate is not valid now"
                )
            chain.append(issuer)
            if issuer in self.anchors:
                return chain
            cert = issuer
        raise AuthRefused(Reason.CERTIFICATE_UNTRUSTED, "the certificate chain is too long")
