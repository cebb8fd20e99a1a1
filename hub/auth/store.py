"""Nonces and citizen sessions in the hub database, so every hub process (HTTP and MQTT) shares them.

Same rules as the in-memory ``NonceStore``/``CitizenSessions``; times are epoch milliseconds.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import CursorResult, delete, select, update
from sqlalchemy.orm import Session

from hub.auth.models import AuthNonce, CitizenSessionRow
from hub.auth.national_id import Assurance, LightIdentity
from hub.auth.nonce import REMEMBER_SECONDS, Nonce, judge, new_nonce_value
from hub.auth.reasons import AuthRefused, Reason
from hub.auth.sessions import EndReason, SessionInvalid
from hub.auth.verify import CardIdentity
from wire import now_ms


def _rowcount(result: Any) -> int:
    return int(cast(CursorResult[Any], result).rowcount)


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


class SqlNonces:
    """``NonceChecker`` on the hub database, inside the caller's transaction."""

    def __init__(self, session: Session, ttl_s: float) -> None:
        self.session = session
        self.ttl_ms = int(ttl_s * 1000)

    def issue(self, device: str) -> Nonce:
        now = now_ms()
        self.session.execute(
            delete(AuthNonce).where(AuthNonce.expires_at < now - int(REMEMBER_SECONDS * 1000))
        )
        value = new_nonce_value()
        self.session.add(AuthNonce(nonce_hash=_hash(value), device=device, expires_at=now + self.ttl_ms))
        self.session.flush()
        return Nonce(value, device, (now + self.ttl_ms) / 1000)

    def consume(self, value: str, device: str) -> Nonce:
        now = now_ms()
        key = _hash(value)
        # Spend first, atomically: of two concurrent presentations only one changes the row.
        spent = _rowcount(
            self.session.execute(
                update(AuthNonce)
                .where(AuthNonce.nonce_hash == key, AuthNonce.spent_at.is_(None))
                .values(spent_at=now)
            )
        )
        row = self.session.get(AuthNonce, key)
        if row is not None and not spent:
            raise AuthRefused(Reason.NONCE_REPLAYED, "this challenge was already used")
        nonce = None if row is None else Nonce(value, row.device, row.expires_at / 1000)
        return judge(nonce, device, now / 1000)


@dataclass(frozen=True, slots=True)
class OpenedSession:
    token: str  # given to the device once; only its hash is stored
    device: str
    identity: CardIdentity
    idle_timeout_s: float


class SqlSessions:
    def __init__(self, session: Session, idle_timeout_s: float) -> None:
        self.session = session
        self.idle_ms = int(idle_timeout_s * 1000)
        self.idle_timeout_s = idle_timeout_s

    def expire_idle(self) -> int:
        now = now_ms()
        result = self.session.execute(
            update(CitizenSessionRow)
            .where(CitizenSessionRow.ended_at.is_(None), CitizenSessionRow.last_seen < now - self.idle_ms)
            .values(ended_at=now, end_reason=EndReason.IDLE_TIMEOUT.value)
        )
        return _rowcount(result)

    def open(self, device: str, identity: CardIdentity) -> OpenedSession:
        """A new session for ``device``; any open one there ends as ``replaced``."""
        now = now_ms()
        self.expire_idle()
        self.session.execute(
            update(CitizenSessionRow)
            .where(CitizenSessionRow.device == device, CitizenSessionRow.ended_at.is_(None))
            .values(ended_at=now, end_reason=EndReason.REPLACED.value)
        )
        token = secrets.token_urlsafe(24)
        self.session.add(
            CitizenSessionRow(
                id_hash=_hash(token),
                device=device,
                holder_name=identity.holder_name,
                id_last4=identity.id_last4,
                certificate_sha256=identity.certificate_sha256,
                opened_at=now,
                last_seen=now,
                assurance=int(Assurance.CARD),
            )
        )
        self.session.flush()
        return OpenedSession(token, device, identity, self.idle_timeout_s)

    def open_light(self, origin: str, identity: LightIdentity) -> str:
        """A light-assurance session (ID + birth date); returns its token. Other sessions at ``origin`` stay
        open: online, many citizens share one origin. Only the ID's last 4 and its keyed hash are stored."""
        now = now_ms()
        self.expire_idle()
        token = secrets.token_urlsafe(24)
        self.session.add(
            CitizenSessionRow(
                id_hash=_hash(token),
                device=origin,
                holder_name="",
                id_last4=identity.id_last4,
                certificate_sha256="",
                opened_at=now,
                last_seen=now,
                assurance=int(Assurance.LIGHT),
                subject_key=identity.subject_key,
            )
        )
        self.session.flush()
        return token

    def get(self, token: str, device: str, required: Assurance = Assurance.CARD) -> CitizenSessionRow:
        """The live session (touched); SessionInvalid if unknown, ended, idle, another device's, or of a
        lower assurance than ``required`` (by default the card: a light session never passes for one)."""
        self.expire_idle()
        row = self.session.get(CitizenSessionRow, _hash(token))
        if row is None or row.ended_at is not None:
            raise SessionInvalid("unknown or ended")
        if row.device != device:
            raise SessionInvalid("bound to another device")
        if not Assurance(row.assurance).permits(required):
            raise SessionInvalid("this service needs the citizen certificate card, not ID and birth date")
        row.last_seen = now_ms()
        return row

    def end(self, token: str, device: str, reason: EndReason) -> bool:
        """End the device's session; False if it was not open (or not this device's)."""
        result = self.session.execute(
            update(CitizenSessionRow)
            .where(
                CitizenSessionRow.id_hash == _hash(token),
                CitizenSessionRow.device == device,
                CitizenSessionRow.ended_at.is_(None),
            )
            .values(ended_at=now_ms(), end_reason=reason.value)
        )
        return bool(_rowcount(result))

    def is_open(self, token: str) -> bool:
        row = self.session.execute(
            select(CitizenSessionRow.ended_at).where(CitizenSessionRow.id_hash == _hash(token))
        ).first()
        return row is not None and row[0] is None
