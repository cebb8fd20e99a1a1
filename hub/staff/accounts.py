"""Staff accounts: roles, login tokens (random, stored as SHA-256), look-up by token, and the audit log."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hub.staff.models import AuditEntry, StaffSession, StaffUser
from wire import now_ms

_NAME_RE = re.compile(r"^[a-z][a-z0-9._-]{1,31}$")


class Role(StrEnum):
    COUNTER = "counter"  # registers cases, advances milestones
    SUPERVISOR = "supervisor"  # everything counter staff do, plus reports, catalogue, settlement, accounts
    OPERATOR = "operator"  # 1999 hotline: looks cases up for callers
    TECHNICIAN = "technician"  # devices and provisioning


class AccountError(ValueError):
    """A staff account cannot be made or used as asked."""


@dataclass(frozen=True, slots=True)
class StaffPrincipal:
    """The signed-in staff member a request acts for."""

    id: int
    name: str
    display_name: str
    role: Role
    agency: str | None


def hash_token(token: str) -> str:
    """Login tokens are 256-bit random, so a plain SHA-256 suffices (no slow KDF needed)."""
    return hashlib.sha256(token.encode()).hexdigest()


def create_user(
    session: Session, name: str, role: Role | str, display_name: str | None = None, agency: str | None = None
) -> str:
    """Make an account and return its login token (shown once; only its hash is stored)."""
    if not _NAME_RE.fullmatch(name):
        raise AccountError(f"user name {name!r} must be 2-32 of a-z 0-9 . _ -, starting with a letter")
    try:
        role = Role(role)
    except ValueError:
        raise AccountError(
            f"role {role!r} is unknown; use one of {', '.join(r.value for r in Role)}"
        ) from None
    if session.scalar(select(StaffUser.id).where(StaffUser.name == name)) is not None:
        raise AccountError(f"user {name!r} already exists")
    token = "st_" + secrets.token_urlsafe(32)
    session.add(
        StaffUser(
            name=name,
            display_name=display_name or name,
            role=role.value,
            agency=agency,
            token_hash=hash_token(token),
            active=True,
            created_at=now_ms(),
        )
    )
    audit(session, "system", "staff.create", name, {"role": role.value})
    return token


def principal_for_token(session: Session, token: str) -> StaffPrincipal | None:
    """The active account whose token this is, or None (compared by hash, constant time)."""
    if not token or len(token) > 200:
        return None
    wanted = hash_token(token)
    user = session.scalar(select(StaffUser).where(StaffUser.token_hash == wanted, StaffUser.active.is_(True)))
    if user is None or not hmac.compare_digest(user.token_hash, wanted):
        return None
    return StaffPrincipal(user.id, user.name, user.display_name, Role(user.role), user.agency)


SESSION_MS = 8 * 3600 * 1000  # a working day; then sign in again


def open_session(session: Session, user_id: int) -> str:
    """A new browser session for a signed-in user; returns the id to put in the cookie (shown once)."""
    sid = "ss_" + secrets.token_urlsafe(32)
    now = now_ms()
    session.add(
        StaffSession(id_hash=hash_token(sid), user_id=user_id, created_at=now, expires_at=now + SESSION_MS)
    )
    return sid


def end_session(session: Session, sid: str) -> None:
    row = session.get(StaffSession, hash_token(sid)) if sid and len(sid) <= 200 else None
    if row is not None and row.ended_at is None:
        row.ended_at = now_ms()


def principal_for_session(session: Session, sid: str) -> StaffPrincipal | None:
    """The active account of a live browser session (not ended, not expired), or None."""
    if not sid or len(sid) > 200:
        return None
    row = session.get(StaffSession, hash_token(sid))
    if row is None or row.ended_at is not None or row.expires_at <= now_ms():
        return None
    user = session.get(StaffUser, row.user_id)
    if user is None or not user.active:
        return None
    return StaffPrincipal(user.id, user.name, user.display_name, Role(user.role), user.agency)


def audit(
    session: Session, actor: str, action: str, target: str, detail: dict[str, Any] | None = None
) -> None:
    """Record a change; call inside the transaction that makes it."""
    session.add(
        AuditEntry(at=now_ms(), actor=actor[:64], action=action[:40], target=target[:64], detail=detail)
    )
