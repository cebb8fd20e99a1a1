"""Claim codes: issued to an unprovisioned device, single-use, expiring, locked after repeated wrong tries.

Pure core: the hub keeps every code it issued (as a hash) so a reused or expired code gets a precise
message instead of a vague "wrong code".
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from wire import DeviceKind
from wire.onboarding import CLAIM_CODE_DIGITS

#: How long a claim code stays valid unless the hub's settings say otherwise.
DEFAULT_TTL_MS = 15 * 60 * 1000
#: Wrong codes accepted for one device before its current code is void.
MAX_FAILED_ATTEMPTS = 5


def _when(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


class ClaimError(Exception):
    """A claim that was refused; ``str()`` tells the technician what to do next."""

    status = 400


class ClaimNotFound(ClaimError):
    status = 404

    def __init__(self, device_id: str) -> None:
        super().__init__(
            f"no device {device_id!r} is waiting to be claimed: check that it shows a QR code "
            "and is connected to the hub's network"
        )


class ClaimUsed(ClaimError):
    status = 409

    def __init__(self, used_at: int) -> None:
        super().__init__(
            f"this claim code was already used at {_when(used_at)} and works only once; "
            "factory-reset the device to get a new code"
        )


class ClaimExpired(ClaimError):
    status = 410

    def __init__(self, expires_at: int) -> None:
        super().__init__(
            f"this claim code expired at {_when(expires_at)}; the device shows a new code soon, scan that one"
        )


class ClaimSuperseded(ClaimError):
    status = 410

    def __init__(self) -> None:
        super().__init__("this is an older claim code of the device; scan the code it shows now")


class ClaimCodeWrong(ClaimError):
    status = 403

    def __init__(self, device_id: str, tries_left: int) -> None:
        super().__init__(
            f"the claim code does not match device {device_id!r}; {tries_left} tries left before the "
            "code is void (check the device id and the digits)"
        )
        self.tries_left = tries_left


class ClaimLocked(ClaimError):
    status = 423

    def __init__(self) -> None:
        super().__init__(
            f"too many wrong codes ({MAX_FAILED_ATTEMPTS}); this code is void, the device shows a new one soon"
        )


@dataclass(frozen=True, slots=True)
class Claim:
    """One claim code the hub issued to a device (only its hash is kept)."""

    device_id: str
    kind: DeviceKind
    code_hash: str
    issued_at: int
    expires_at: int
    used_at: int | None = None
    failed_attempts: int = 0

    def expired(self, now: int) -> bool:
        return now >= self.expires_at

    @property
    def locked(self) -> bool:
        return self.failed_attempts >= MAX_FAILED_ATTEMPTS


def hash_code(device_id: str, code: str) -> str:
    """The stored form of a claim code, bound to its device."""
    return hashlib.sha256(f"{device_id}:{code}".encode()).hexdigest()


def new_code() -> str:
    return "".join(secrets.choice("0123456789") for _ in range(CLAIM_CODE_DIGITS))


def issue(device_id: str, kind: DeviceKind, now: int, ttl_ms: int = DEFAULT_TTL_MS) -> tuple[Claim, str]:
    """A fresh claim and its code (the code is shown by the device, never stored by the hub)."""
    if ttl_ms <= 0:
        raise ValueError("a claim code's lifetime must be positive")
    code = new_code()
    return Claim(device_id, kind, hash_code(device_id, code), now, now + ttl_ms), code


def resolve(claims: list[Claim], device_id: str, code: str, now: int) -> Claim:
    """The claim ``code`` redeems among the device's issued ``claims``, or the ClaimError saying why not.

    Changes nothing: the caller marks the claim used (``redeem``) or counts a failure (``fail``).
    """
    mine = sorted((c for c in claims if c.device_id == device_id), key=lambda c: c.issued_at)
    if not mine:
        raise ClaimNotFound(device_id)
    latest = mine[-1]
    wanted = hash_code(device_id, code)
    match = next((c for c in reversed(mine) if c.code_hash == wanted), None)
    if match is None:
        if latest.used_at is not None or latest.expired(now):
            raise ClaimNotFound(device_id)
        if latest.locked:
            raise ClaimLocked()
        raise ClaimCodeWrong(device_id, MAX_FAILED_ATTEMPTS - latest.failed_attempts - 1)
    if match.used_at is not None:
        raise ClaimUsed(match.used_at)
    if match is not latest:
        raise ClaimSuperseded()
    if match.locked:
        raise ClaimLocked()
    if match.expired(now):
        raise ClaimExpired(match.expires_at)
    return match


def redeem(claim: Claim, now: int) -> Claim:
    return replace(claim, used_at=now)


def fail(claim: Claim) -> Claim:
    return replace(claim, failed_attempts=claim.failed_attempts + 1)
