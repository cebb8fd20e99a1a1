"""Card login for one hub process: the trust store and CRL cache built once from Settings, and the
operations HTTP routes and MQTT handlers share (challenge, login, end), each inside the caller's transaction."""

from __future__ import annotations

import logging
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy.orm import Session

from hub.auth.nonce import Nonce
from hub.auth.ocsp import OcspResponder
from hub.auth.reasons import AuthRefused
from hub.auth.revocation import CrlCache, RevocationChecker, RevocationError
from hub.auth.sessions import EndReason
from hub.auth.store import OpenedSession, SqlNonces, SqlSessions
from hub.auth.trust import TrustStore
from hub.auth.verify import CardToken, TokenVerifier
from hub.core.config import Settings

log = logging.getLogger(__name__)


class CardLoginNotConfigured(RuntimeError):
    def __init__(self) -> None:
        super().__init__(
            "card login is not configured on this hub: start it with --trust-anchors FILE --crl FILE "
            "(or ONESTOP_HUB_TRUST_ANCHORS / ONESTOP_HUB_CRL)"
        )


class AuthRuntime:
    """Raises TrustConfigError / RevocationError / ValueError at construction if the files are unusable."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.revocation: RevocationChecker | None = None
        self.trust: TrustStore | None = None
        if settings.trust_anchors is None:
            return
        if settings.crl is None:
            raise ValueError("hub setting crl: a CRL file is required with trust anchors (--crl FILE)")
        self.trust = TrustStore.load(settings.trust_anchors)
        crl_path = Path(settings.crl)
        crls = CrlCache(crl_path.read_bytes, self.trust, timedelta(seconds=settings.crl_refresh_s))
        try:
            crls.refresh(datetime.now(UTC))
        except RevocationError as exc:
            raise RevocationError(f"{crl_path}: {exc}") from None
        ocsp = OcspResponder(settings.ocsp_url) if settings.ocsp_url else None
        self.revocation = RevocationChecker(crls, ocsp)

    @property
    def configured(self) -> bool:
        return self.trust is not None

    def _verifier(self, session: Session) -> TokenVerifier:
        if self.trust is None or self.revocation is None:
            raise CardLoginNotConfigured()
        return TokenVerifier(
            self.trust,
            self.revocation,
            SqlNonces(session, self.settings.auth_nonce_ttl_s),
            lambda: datetime.now(UTC),
        )

    def challenge(self, session: Session, device: str) -> Nonce:
        return self._verifier(session).challenge(device)

    def login(self, session: Session, token: CardToken, device: str) -> OpenedSession:
        """Verify the token and open the device's citizen session; AuthRefused(reason) otherwise.

        The nonce is spent even when the token is refused, so commit in both cases.
        """
        try:
            identity = self._verifier(session).verify(token, device)
        except AuthRefused as exc:
            log.info("card login refused at %s: %s", device, exc.reason.value)
            raise
        opened = SqlSessions(session, self.settings.citizen_idle_timeout_s).open(device, identity)
        log.info("card login at %s (certificate %s...)", device, identity.certificate_sha256[:12])
        return opened

    def end(self, session: Session, token: str, device: str, reason: EndReason) -> bool:
        ended = SqlSessions(session, self.settings.citizen_idle_timeout_s).end(token, device, reason)
        if ended:
            log.info("citizen session at %s ended: %s", device, reason.value)
        return ended


_current: AuthRuntime | None = None
_lock = threading.Lock()


def runtime_for(settings: Settings) -> AuthRuntime:
    """The process's runtime for ``settings`` (built once; rebuilt if other settings are passed)."""
    global _current
    with _lock:
        if _current is None or _current.settings is not settings:
            _current = AuthRuntime(settings)
        return _current


def current_runtime() -> AuthRuntime:
    """For MQTT handlers, which get no settings: the runtime the app built, else one from the environment."""
    if _current is not None:
        return _current
    from hub.core.config import load_settings

    return runtime_for(load_settings())
