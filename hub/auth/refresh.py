"""The CRL cache refreshed on a schedule: a background task of ``onestop hub serve`` (every ``crl_refresh_s``),
so a renewed CRL is loaded before its predecessor's nextUpdate passes, not only when a citizen logs in."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from hub.auth.revocation import RevocationError
from hub.auth.runtime import runtime_for
from hub.background import BackgroundContext, Periodic

log = logging.getLogger(__name__)


def refresh_crls(context: BackgroundContext) -> bool:
    """Re-read the configured CRLs now; False (old CRLs kept, warning logged) if they cannot be used."""
    runtime = runtime_for(context.settings)
    crls = runtime.revocation.crls if runtime.revocation is not None else None
    if crls is None:
        return False
    try:
        crls.refresh(datetime.now(UTC))
    except RevocationError as exc:
        log.warning("scheduled CRL refresh failed, the previous CRLs stay in use: %s", exc)
        return False
    return True


class CrlRefresher(Periodic):
    """Runs only where card login is configured (``trust_anchors`` set)."""

    def __init__(self) -> None:
        super().__init__(
            "auth-crl-refresh",
            refresh_crls,
            lambda settings: settings.crl_refresh_s,
            enabled=lambda settings: settings.trust_anchors is not None,
        )
