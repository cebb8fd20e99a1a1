"""Provisioning use cases over the database: enrol, claim, pick up credentials, desired config.

Each function runs inside the caller's transaction. ``claim`` rewrites the broker's files before the
transaction commits, so a failure to write them leaves the database unchanged.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, func, select, text
from sqlalchemy.orm import Session

from hub.provisioning import broker_auth, claims
from hub.provisioning.broker_files import BrokerFiles
from hub.provisioning.models import DeviceConfig, DeviceCredential, ProvisioningClaim
from wire import DeviceKind
from wire.payloads.provisioning import ClaimRequest, ClaimResult, EnrolRequest, EnrolTicket, IssuedCredentials

_PG_LOCK_KEY = 0x0_5E_5108  # serialises credential changes between hub processes
MAX_ENROLMENTS_PER_HOUR = 30
PRUNE_AFTER_MS = 7 * 86_400_000


class PickupError(Exception):
    """A device asked for credentials it may not have; ``status`` is the HTTP status to answer."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Context:
    """What the use cases need from the hub's Settings (built once by ``context_from_settings``)."""

    claim_ttl_ms: int = claims.DEFAULT_TTL_MS
    device_broker_url: str = "mqtt://127.0.0.1:1883"
    broker_files: BrokerFiles | None = None
    services: tuple[broker_auth.ServiceAccount, ...] = field(default_factory=tuple)


def _to_claim(row: ProvisioningClaim) -> claims.Claim:
    return claims.Claim(
        row.device_id,
        DeviceKind(row.kind),
        row.code_hash,
        row.issued_at,
        row.expires_at,
        row.used_at,
        row.failed_attempts,
    )


def _sha256(text_: str) -> str:
    return hashlib.sha256(text_.encode()).hexdigest()


class TooManyEnrolments(Exception):
    """A device id asked for codes too often (the enrolment call needs no login, so it is rate-limited)."""


def enrol(session: Session, req: EnrolRequest, now: int, ctx: Context) -> EnrolTicket:
    """Issue a fresh claim code to an unprovisioned device (any earlier unused code of it is superseded).

    Unused codes expired for over ``PRUNE_AFTER_MS`` are deleted; at most ``MAX_ENROLMENTS_PER_HOUR`` codes
    per device id are issued in an hour (TooManyEnrolments beyond).
    """
    session.execute(
        delete(ProvisioningClaim).where(
            ProvisioningClaim.used_at.is_(None), ProvisioningClaim.expires_at < now - PRUNE_AFTER_MS
        )
    )
    recent = session.scalar(
        select(func.count())
        .select_from(ProvisioningClaim)
        .where(ProvisioningClaim.device_id == req.device_id, ProvisioningClaim.issued_at > now - 3_600_000)
    )
    if (recent or 0) >= MAX_ENROLMENTS_PER_HOUR:
        raise TooManyEnrolments(
            f"device {req.device_id!r} asked for {recent} claim codes within the hour; wait, then restart it"
        )
    claim, code = claims.issue(req.device_id, req.kind, now, ctx.claim_ttl_ms)
    session.add(
        ProvisioningClaim(
            device_id=req.device_id,
            kind=req.kind.value,
            code_hash=claim.code_hash,
            pickup_hash=req.pickup_hash,
            issued_at=now,
            expires_at=claim.expires_at,
            failed_attempts=0,
        )
    )
    return EnrolTicket(device_id=req.device_id, claim_code=code, expires_at=claim.expires_at)


def _lock(session: Session) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK_KEY})


def claim(session: Session, req: ClaimRequest, now: int, ctx: Context, actor: str) -> ClaimResult:
    """Redeem a claim code for a site and counter: new credentials (old ones revoked), broker files rewritten.

    Raises OnboardingError/ValueError for unreadable input and ClaimError (with ``status``) for a refused
    claim. A wrong code counts against the device's code; the caller commits that count and nothing else.
    """
    device_id, code = req.onboarding_claim()
    _lock(session)
    rows = list(
        session.scalars(select(ProvisioningClaim).where(ProvisioningClaim.device_id == device_id)).all()
    )
    pairs = [(r, _to_claim(r)) for r in rows]
    try:
        chosen = claims.resolve([c for _, c in pairs], device_id, code, now)
    except claims.ClaimCodeWrong:
        latest = max(rows, key=lambda r: r.issued_at)
        latest.failed_attempts += 1
        raise
    row = next(r for r, c in pairs if c is chosen)
    password = broker_auth.new_password()
    cred = session.get(DeviceCredential, device_id)
    reprovisioned = cred is not None
    if cred is None:
        cred = DeviceCredential(device_id=device_id, username=device_id, generation=0)
        session.add(cred)
    cred.password_hash = broker_auth.hash_password(password)
    cred.site, cred.counter, cred.kind = req.site, req.counter, chosen.kind.value
    cred.generation = (cred.generation or 0) + 1
    cred.issued_at = now
    row.used_at, row.claimed_by, row.site, row.counter = now, actor, req.site, req.counter
    row.issued_password = password
    for other in rows:  # a login issued earlier but never collected is void now: do not keep it
        if other is not row:
            other.issued_password = None
    session.flush()
    write_broker_files(session, ctx)
    return ClaimResult(
        device_id=device_id,
        kind=chosen.kind,
        site=req.site,
        counter=req.counter,
        username=cred.username,
        reprovisioned=reprovisioned,
    )


def write_broker_files(session: Session, ctx: Context) -> int:
    """Render every current credential into the broker's password file and ACL, and reload it."""
    if ctx.broker_files is None:
        return 0
    grants = [
        broker_auth.DeviceGrant(c.username, c.password_hash, c.site, c.device_id)
        for c in session.scalars(select(DeviceCredential).order_by(DeviceCredential.device_id))
    ]
    ctx.broker_files.write(grants, ctx.services)
    return len(grants)


def pickup(session: Session, device_id: str, secret: str, now: int, ctx: Context) -> IssuedCredentials | None:
    """The credentials of a claimed device, once, to the holder of the pickup secret; None while unclaimed."""
    row = session.scalars(
        select(ProvisioningClaim)
        .where(ProvisioningClaim.device_id == device_id)
        .order_by(ProvisioningClaim.issued_at.desc())
        .limit(1)
    ).first()
    if row is None or not hmac.compare_digest(row.pickup_hash, _sha256(secret)):
        raise PickupError(
            404, f"no enrolment of device {device_id!r} matches this pickup secret; enrol again"
        )
    if row.used_at is None:
        if now >= row.expires_at:
            raise PickupError(410, "the claim code expired before a technician claimed it; enrol again")
        return None
    if row.issued_password is None:
        raise PickupError(410, "these credentials were already picked up; factory-reset to provision again")
    assert row.site is not None
    issued = IssuedCredentials(
        device_id=device_id,
        site=row.site,
        counter=row.counter or "",
        broker_url=ctx.device_broker_url,
        username=device_id,
        password=row.issued_password,
    )
    row.issued_password, row.picked_up_at = None, now
    return issued


def set_desired(session: Session, device_id: str, config: dict[str, Any], now: int) -> int:
    """Store a new desired configuration; returns its version (one more than the last)."""
    row = session.get(DeviceConfig, device_id)
    if row is None:
        row = DeviceConfig(device_id=device_id, desired_version=0, reported_version=0)
        session.add(row)
    row.desired_version = (row.desired_version or 0) + 1
    row.desired, row.desired_at = config, now
    session.flush()
    return row.desired_version


def record_reported(session: Session, device_id: str, version: int, now: int) -> None:
    """The device said it runs ``version`` (on connect, or after applying a push)."""
    row = session.get(DeviceConfig, device_id)
    if row is None:
        row = DeviceConfig(device_id=device_id, desired_version=0, reported_version=version)
        session.add(row)
    row.reported_version, row.reported_at = version, now


def revoke(session: Session, device_id: str, ctx: Context) -> bool:
    """Decommission a device: its broker login is removed (files rewritten, broker reloaded) before COMMIT."""
    _lock(session)
    cred = session.get(DeviceCredential, device_id)
    if cred is None:
        return False
    session.delete(cred)
    session.flush()
    write_broker_files(session, ctx)
    return True
