"""Pick-up codes: one per finished case whose citizen chose an office; the code itself is kept only hashed."""

from __future__ import annotations

from sqlalchemy import BigInteger, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from hub.db.base import Base
from hub.db.types import AutoId


class PickupCode(Base):
    __tablename__ = "pickup_codes"

    id: Mapped[int] = mapped_column(AutoId, primary_key=True, autoincrement=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    office: Mapped[str] = mapped_column(String(20))
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    sent_at: Mapped[int] = mapped_column(BigInteger)
    expires_at: Mapped[int] = mapped_column(BigInteger)
    handed_at: Mapped[int | None] = mapped_column(BigInteger)
    handed_by: Mapped[str | None] = mapped_column(String(64))
    handed_office: Mapped[str | None] = mapped_column(String(20))


class PickupRead(Base):
    """What a counter's 2D reader read and what it meant: the verdict and the code's row, never the code."""

    __tablename__ = "pickup_reads"

    id: Mapped[int] = mapped_column(AutoId, primary_key=True, autoincrement=True)
    device: Mapped[str] = mapped_column(String(63), index=True)
    office: Mapped[str] = mapped_column(String(20))
    verdict: Mapped[str] = mapped_column(String(16))
    pickup_id: Mapped[int | None] = mapped_column(ForeignKey("pickup_codes.id"))
    read_at: Mapped[int] = mapped_column(BigInteger)
