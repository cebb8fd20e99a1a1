"""Provisioning tables: issued claim codes, current per-device broker credentials, desired/reported config."""

from __future__ import annotations

from typing import Any

from sqlalchemy import BigInteger, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from hub.db.base import Base
from hub.db.types import AutoId, Json


class ProvisioningClaim(Base):
    """One claim code issued to an unprovisioned device (only hashes kept), and what its claim produced."""

    __tablename__ = "provisioning_claims"

    id: Mapped[int] = mapped_column(AutoId, primary_key=True, autoincrement=True)
    device_id: Mapped[str] = mapped_column(String(63))
    kind: Mapped[str] = mapped_column(String(32))
    code_hash: Mapped[str] = mapped_column(String(64))
    pickup_hash: Mapped[str] = mapped_column(String(64))  # sha256 of the device's pickup secret
    issued_at: Mapped[int] = mapped_column(BigInteger)
    expires_at: Mapped[int] = mapped_column(BigInteger)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    used_at: Mapped[int | None] = mapped_column(BigInteger)
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    site: Mapped[str | None] = mapped_column(String(63))
    counter: Mapped[str | None] = mapped_column(String(63))
    # The new password waits here, in clear, only until the device picks it up (then it is erased).
    issued_password: Mapped[str | None] = mapped_column(String(64))
    picked_up_at: Mapped[int | None] = mapped_column(BigInteger)

    __table_args__ = (Index("ix_provisioning_claims_device_issued", "device_id", "issued_at"),)


class DeviceCredential(Base):
    """The one valid broker login of a provisioned device; re-provisioning replaces the hash (revoking the old)."""

    __tablename__ = "device_credentials"

    device_id: Mapped[str] = mapped_column(String(63), primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    site: Mapped[str] = mapped_column(String(63))
    counter: Mapped[str] = mapped_column(String(63), default="")
    kind: Mapped[str] = mapped_column(String(32))
    generation: Mapped[int] = mapped_column(Integer, default=1)  # grows with every re-provisioning
    issued_at: Mapped[int] = mapped_column(BigInteger)


class DeviceConfig(Base):
    """Desired configuration (versioned) of a device and the version it last reported running."""

    __tablename__ = "device_configs"

    device_id: Mapped[str] = mapped_column(String(63), primary_key=True)
    desired_version: Mapped[int] = mapped_column(Integer, default=0)
    desired: Mapped[dict[str, Any] | None] = mapped_column(Json)
    desired_at: Mapped[int | None] = mapped_column(BigInteger)
    reported_version: Mapped[int] = mapped_column(Integer, default=0)
    reported_at: Mapped[int | None] = mapped_column(BigInteger)
