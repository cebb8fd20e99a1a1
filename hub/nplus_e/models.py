"""N+e tables: consents (one per registration change), notices (consent x agency), day batches, deliveries."""

from __future__ import annotations

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from hub.db.base import Base


class NplusEConsent(Base):
    """The citizen's signed consent to notify agencies after one registration change. No full national ID."""

    __tablename__ = "nplus_e_consents"
    __table_args__ = (Index("ix_nplus_e_consents_day", "day"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    day: Mapped[str] = mapped_column(String(10))  # Taipei calendar day the consent was recorded (batch day)
    created_at: Mapped[int] = mapped_column(BigInteger)
    office: Mapped[str] = mapped_column(String(63))
    staff: Mapped[str] = mapped_column(String(64))
    change: Mapped[str] = mapped_column(String(16))
    effective_date: Mapped[str] = mapped_column(String(10))
    name: Mapped[str] = mapped_column(String(100))
    id_masked: Mapped[str] = mapped_column(String(10))
    subject_key: Mapped[str] = mapped_column(String(64), index=True)
    birth_date: Mapped[str] = mapped_column(String(10))
    old_address: Mapped[str] = mapped_column(Text)
    new_address: Mapped[str] = mapped_column(Text)
    new_name: Mapped[str] = mapped_column(String(100))


class NplusENotice(Base):
    """One agency to notify about one consent."""

    __tablename__ = "nplus_e_notices"
    __table_args__ = (Index("ix_nplus_e_notices_day_agency", "day", "agency"),)

    consent_id: Mapped[str] = mapped_column(ForeignKey("nplus_e_consents.id"), primary_key=True)
    agency: Mapped[str] = mapped_column(String(32), primary_key=True)
    day: Mapped[str] = mapped_column(String(10))


class NplusEBatch(Base):
    """The files built for one agency and day; kept so a re-run can prove it made the same bytes."""

    __tablename__ = "nplus_e_batches"

    day: Mapped[str] = mapped_column(String(10), primary_key=True)
    agency: Mapped[str] = mapped_column(String(32), primary_key=True)
    records: Mapped[int] = mapped_column(Integer)
    manifest_sha256: Mapped[str] = mapped_column(String(64))
    data_name: Mapped[str] = mapped_column(String(120))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    signature_name: Mapped[str] = mapped_column(String(120))
    signature: Mapped[bytes] = mapped_column(LargeBinary)
    manifest_name: Mapped[str] = mapped_column(String(120))
    manifest: Mapped[bytes] = mapped_column(LargeBinary)
    built_at: Mapped[int] = mapped_column(BigInteger)


class NplusEDelivery(Base):
    """Delivery state of one agency's files for one day: pending → delivered, or retrying → failed."""

    __tablename__ = "nplus_e_deliveries"
    __table_args__ = (Index("ix_nplus_e_deliveries_status_next", "status", "next_attempt_at"),)

    day: Mapped[str] = mapped_column(String(10), primary_key=True)
    agency: Mapped[str] = mapped_column(String(32), primary_key=True)
    status: Mapped[str] = mapped_column(String(12))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[int] = mapped_column(BigInteger)
    lease_until: Mapped[int] = mapped_column(BigInteger, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    last_result: Mapped[str | None] = mapped_column(Text)
    delivered_at: Mapped[int | None] = mapped_column(BigInteger)


class NplusEDestination(Base):
    """Where an agency's files go: ``sftp://user@host:port/dir`` (host key pinned) or an ``https://`` URL."""

    __tablename__ = "nplus_e_destinations"

    agency: Mapped[str] = mapped_column(String(32), primary_key=True)
    url: Mapped[str] = mapped_column(String(300))
    host_key: Mapped[str | None] = mapped_column(Text)
    token: Mapped[str | None] = mapped_column(String(200))
