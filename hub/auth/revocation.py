"""Revocation: cached CRLs refreshed on a schedule, and an optional OCSP hook asked first where configured."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Protocol

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from hub.auth.trust import TrustStore

log = logging.getLogger(__name__)
_DER = Encoding.DER


class RevocationStatus(StrEnum):
    GOOD = "good"
    REVOKED = "revoked"
    STALE = "stale"  # the issuer's CRL is past its nextUpdate and no fresh one could be loaded
    UNKNOWN = "unknown"


class RevocationError(ValueError):
    """A CRL source that cannot be used (unreadable, unparsable, or not signed by a trusted CA)."""


class OcspClient(Protocol):
    """Asks an OCSP responder; returns None when it cannot say (then the CRL decides)."""

    def check(self, cert: x509.Certificate, issuer: x509.Certificate) -> RevocationStatus | None: ...


def parse_crls(data: bytes) -> list[x509.CertificateRevocationList]:
    """One DER CRL, or any number of PEM CRLs in one file."""
    if b"-----BEGIN X509 CRL-----" in data:
        blocks = data.split(b"-----END X509 CRL-----")
        return [x509.load_pem_x509_crl(b + b"-----END X509 CRL-----\n") for b in blocks if b"-----BEGIN" in b]
    return [x509.load_der_x509_crl(data)]


class CrlCache:
    """CRLs by issuer, from ``loader`` (a file read, an HTTP fetch...), refreshed every ``refresh_interval``.

    A CRL is used only while its nextUpdate has not passed: after that the status is STALE (when no CRL
    covers the issuer, UNKNOWN); the verifier refuses both (fail closed). A failed refresh keeps the old
    CRLs. ``onestop hub serve`` refreshes on a schedule (``CrlRefresher``); ``maybe_refresh`` on use is the
    fallback for processes without background tasks.
    """

    def __init__(
        self,
        loader: Callable[[], bytes],
        trust: TrustStore,
        refresh_interval: timedelta = timedelta(hours=1),
    ) -> None:
        self._loader = loader
        self._trust = trust
        self.refresh_interval = refresh_interval
        self._crls: dict[bytes, x509.CertificateRevocationList] = {}
        self._next_refresh: datetime | None = None
        self.last_error: str | None = None
        self.refreshes = 0  # successful loads so far
        self.refreshed_at: datetime | None = None  # time of the last successful load
        self._lock = threading.Lock()

    def refresh(self, now: datetime) -> None:
        """Load and check the CRLs now; RevocationError (old CRLs kept) if the source is bad."""
        with self._lock:
            self._next_refresh = now + self.refresh_interval
        try:
            crls = parse_crls(self._loader())
        except (OSError, ValueError) as exc:
            self.last_error = f"cannot load the CRL: {exc}"
            raise RevocationError(self.last_error) from None
        fresh: dict[bytes, x509.CertificateRevocationList] = {}
        for crl in crls:
            issuer = next(
                (
                    ca
                    for ca in self._trust.intermediates + self._trust.anchors
                    if ca.subject == crl.issuer and crl.is_signature_valid(ca.public_key())  # type: ignore[arg-type]
                ),
                None,
            )
            if issuer is None:
                self.last_error = f"CRL of {crl.issuer.rfc4514_string()} is not signed by a trusted CA"
                raise RevocationError(self.last_error)
            fresh[issuer.public_bytes(_DER)] = crl
        with self._lock:
            self._crls = fresh
            self.refreshes += 1
            self.refreshed_at = now
        self.last_error = None

    def maybe_refresh(self, now: datetime) -> None:
        """Refresh when due; a failure is logged and the old CRLs stay in use until their nextUpdate."""
        with self._lock:
            due = self._next_refresh is None or now >= self._next_refresh
        if due:
            try:
                self.refresh(now)
            except RevocationError as exc:
                log.warning("CRL refresh failed: %s", exc)

    def status(self, cert: x509.Certificate, issuer: x509.Certificate, now: datetime) -> RevocationStatus:
        self.maybe_refresh(now)
        with self._lock:
            crl = self._crls.get(issuer.public_bytes(_DER))
        if crl is None:
            return RevocationStatus.UNKNOWN
        if crl.next_update_utc is None or now > crl.next_update_utc:
            return RevocationStatus.STALE
        if crl.get_revoked_certificate_by_serial_number(cert.serial_number) is not None:
            return RevocationStatus.REVOKED
        return RevocationStatus.GOOD


class RevocationChecker:
    """OCSP where configured and the cached CRL: either can revoke; OCSP's fresh "good" covers a stale CRL."""

    def __init__(self, crls: CrlCache | None, ocsp: OcspClient | None = None) -> None:
        if crls is None and ocsp is None:
            raise ValueError("configure a CRL or an OCSP responder: revocation cannot be skipped")
        self.crls = crls
        self.ocsp = ocsp

    def status(self, cert: x509.Certificate, issuer: x509.Certificate, now: datetime) -> RevocationStatus:
        """Revoked if either source says so; good if OCSP or a current CRL says so; else stale/unknown."""
        answer = self.ocsp.check(cert, issuer) if self.ocsp is not None else None
        if answer is RevocationStatus.REVOKED:
            return answer
        crl = self.crls.status(cert, issuer, now) if self.crls is not None else RevocationStatus.UNKNOWN
        if crl is RevocationStatus.REVOKED:
            return crl
        return RevocationStatus.GOOD if answer is RevocationStatus.GOOD else crl
