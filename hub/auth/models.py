"""Card-login tables: issued nonces (hashed) and citizen sessions (hashed ids; name and ID's last 4 only)."""

from __future__ import annotations

from sqlalchemy import BigInteger, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from hub.db.base import Base


class AuthNonce(Base):
    """A login challenge: single use, bound to a device, short-lived. Several hub processes share it."""

    __tablename__ = "auth_nonces"

    nonce_hash: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256 hex of the nonce
    device: Mapped[str] = mapped_column(String(63))
    expires_at: Mapped[int] = mapped_column(BigInteger)  # epoch ms
    spent_at: Mapped[int | None] = mapped_column(BigInteger)

    __table_args__ = (Index("ix_auth_nonces_expires_at", "expires_at"),)


class CitizenSessionRow(Base):
    """A citizen logged in at one device (card) or online (light); ended by card removal, logout, idle
    timeout or a new login."""

    __tablename__ = "citizen_sessions"

    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256 hex of the session id
    device: Mapped[str] = mapped_column(String(63))
    holder_name: Mapped[str] = mapped_column(String(200))
    id_last4: Mapped[str] = mapped_column(String(4))
    certificate_sha256: Mapped[str] = mapped_column(String(64))
    opened_at: Mapped[int] = mapped_column(BigInteger)
    last_seen: Mapped[int] = mapped_column(BigInteger)
    ended_at: Mapped[int | None] = mapped_column(BigInteger)
    end_reason: Mapped[str | None] = mapped_column(String(32))
    assurance: Mapped[int] = mapped_column(
        Integer, server_default="2"
    )  # national_id.Assurance: 1 light, 2 card
    subject_key: Mapped[str | None] = mapped_column(String(64))  # light only: HMAC of the ID, never the ID

    __table_args__ = (Index("ix_citizen_sessions_device_ended_at", "device", "ended_at"),)
