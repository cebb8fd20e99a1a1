"""The CRL cache refreshed by a background task on its schedule, with no login in between."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography.hazmat.primitives import serialization

from hub.auth.refresh import CrlRefresher, refresh_crls
from hub.auth.revocation import RevocationStatus
from hub.auth.runtime import runtime_for
from hub.background import BackgroundContext
from hub.core.config import load_settings
from onestop.dev.fixtures import DevPkiFiles
from onestop.dev.pki import make_crl
from onestop.dev.waiting import wait_until


def test_scheduled_refresh_loads_a_new_revocation_without_any_login(
    dev_pki: DevPkiFiles, tmp_path: Path
) -> None:
    """GIVEN serve's CRL task every 1 s WHEN the CRL file gains a revocation THEN the cache has loaded it
    within the period although nobody logged in (no status() call), and the card is revoked at once."""
    crl_file = tmp_path / "crl.pem"
    crl_file.write_bytes(dev_pki.files["crl"].read_bytes())
    settings = load_settings(
        db_url="sqlite://",
        trust_anchors=str(dev_pki.files["trust_anchors"]),
        crl=str(crl_file),
        crl_refresh_s=1,
    )
    crls = runtime_for(settings).revocation.crls  # type: ignore[union-attr]
    assert crls is not None
    pki, now = dev_pki.pki, datetime.now(UTC)
    valid = pki.cards["valid"].cert
    task = CrlRefresher()
    task.start(BackgroundContext(settings, sessions=None))  # type: ignore[arg-type]
    try:
        before = crls.refreshes
        revoked = [pki.cards["revoked"].cert.serial_number, valid.serial_number]
        new = make_crl(pki.intermediate, revoked, now, now + timedelta(days=7))
        crl_file.write_bytes(new.public_bytes(serialization.Encoding.PEM))
        wait_until(
            lambda: crls.refreshes >= before + 2, 5, "the task to refresh twice on its schedule", step=0.05
        )
        at = crls.refreshed_at
        assert at is not None
        assert crls.status(valid, pki.intermediate.cert, at) is RevocationStatus.REVOKED  # not due: no reload
    finally:
        task.stop()


def test_a_broken_crl_file_keeps_the_old_crls(dev_pki: DevPkiFiles, tmp_path: Path) -> None:
    crl_file = tmp_path / "crl.pem"
    crl_file.write_bytes(dev_pki.files["crl"].read_bytes())
    settings = load_settings(
        db_url="sqlite://", trust_anchors=str(dev_pki.files["trust_anchors"]), crl=str(crl_file)
    )
    crls = runtime_for(settings).revocation.crls  # type: ignore[union-attr]
    assert crls is not None
    crl_file.write_bytes(b"garbage")
    assert refresh_crls(BackgroundContext(settings, sessions=None)) is False  # type: ignore[arg-type]
    valid = dev_pki.pki.cards["valid"].cert
    assert crls.status(valid, dev_pki.pki.intermediate.cert, datetime.now(UTC)) is RevocationStatus.GOOD


def test_without_card_login_configured_the_task_does_not_run() -> None:
    settings = load_settings(db_url="sqlite://")
    task = CrlRefresher()
    task.start(BackgroundContext(settings, sessions=None))  # type: ignore[arg-type]
    task.stop()
    assert task.rounds == 0
    assert refresh_crls(BackgroundContext(settings, sessions=None)) is False  # type: ignore[arg-type]
