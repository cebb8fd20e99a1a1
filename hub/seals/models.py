"""Seal and signature tables: images (by SHA-256), records with status history, comparisons with decisions."""

from __future__ import annotations

from sqlalchemy import BigInteger, Float, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from hub.db.base import Base
from hub.db.types import AutoId


class SealImage(Base):
    """One image, stored once (PNG): a registered impression, a presented one, or a comparison's view."""

    __tablename__ = "seal_images"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[int] = mapped_column(BigInteger)


class SealRecord(Base):
    """A registered seal impression or signature card of one person (keyed hash of the ID, never the ID)."""

    __tablename__ = "seal_records"
    __table_args__ = (Index("ix_seal_records_owner_kind", "owner_key", "kind"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    owner_key: Mapped[str] = mapped_column(String(64))
    owner_masked: Mapped[str] = mapped_column(String(10))
    owner_name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(12))  # seal | signature
    office: Mapped[str] = mapped_column(String(63))
    registered_on: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(12))  # registered | changed | cancelled
    image_sha256: Mapped[str] = mapped_column(ForeignKey("seal_images.sha256"))
    created_at: Mapped[int] = mapped_column(BigInteger)
    created_by: Mapped[str] = mapped_column(String(64))


class SealEvent(Base):
    """History of a record: registered, changed (replaced by a newer one), cancelled; who, where, when."""

    __tablename__ = "seal_events"

    id: Mapped[int] = mapped_column(AutoId, primary_key=True, autoincrement=True)
    record_id: Mapped[str] = mapped_column(ForeignKey("seal_records.id"), index=True)
    status: Mapped[str] = mapped_column(String(12))
    office: Mapped[str] = mapped_column(String(63))
    staff: Mapped[str] = mapped_column(String(64))
    at: Mapped[int] = mapped_column(BigInteger)
    note: Mapped[str] = mapped_column(Text, default="")


class SealComparison(Base):
    """A presented impression compared with a registered one: the images, the score, and the staff decision."""

    __tablename__ = "seal_comparisons"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    record_id: Mapped[str] = mapped_column(ForeignKey("seal_records.id"), index=True)
    presented_sha256: Mapped[str] = mapped_column(ForeignKey("seal_images.sha256"))
    aligned_sha256: Mapped[str] = mapped_column(ForeignKey("seal_images.sha256"))
    registered_view_sha256: Mapped[str] = mapped_column(ForeignKey("seal_images.sha256"))
    overlay_sha256: Mapped[str] = mapped_column(ForeignKey("seal_images.sha256"))
    difference_sha256: Mapped[str] = mapped_column(ForeignKey("seal_images.sha256"))
    score: Mapped[float] = mapped_column(Float)
    rotation_deg: Mapped[float] = mapped_column(Float)
    scale: Mapped[float] = mapped_column(Float)
    shift_x: Mapped[float] = mapped_column(Float)
    shift_y: Mapped[float] = mapped_column(Float)
    office: Mapped[str] = mapped_column(String(63))
    staff: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[int] = mapped_column(BigInteger)
    decision: Mapped[str | None] = mapped_column(String(12))  # match | no_match; None until staff decide
    decided_by: Mapped[str | None] = mapped_column(String(64))
    decided_at: Mapped[int | None] = mapped_column(BigInteger)
    note: Mapped[str] = mapped_column(Text, default="")
