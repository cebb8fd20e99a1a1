"""Archive tables: scanned application documents and their pages, cross-office requests with their history,
and certified copies issued."""

from __future__ import annotations

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from hub.db.base import Base
from hub.db.types import AutoId


class ArchiveImage(Base):
    """One page image (PNG), stored once by SHA-256."""

    __tablename__ = "archive_images"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class ArchiveDocument(Base):
    """A registration application with its attachments, as scanned; indexed for search (no full national ID)."""

    __tablename__ = "archive_documents"
    __table_args__ = (Index("ix_archive_documents_person_kind", "person_key", "kind"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    person_key: Mapped[str] = mapped_column(String(64))
    person_masked: Mapped[str] = mapped_column(String(10))
    person_name: Mapped[str] = mapped_column(String(100))
    household: Mapped[str] = mapped_column(String(16), index=True)  # 戶號
    kind: Mapped[str] = mapped_column(String(12))
    registered_on: Mapped[str] = mapped_column(String(10), index=True)
    origin_office: Mapped[str] = mapped_column(String(63), index=True)
    page_count: Mapped[int] = mapped_column(Integer)
    scanned_at: Mapped[int] = mapped_column(BigInteger)
    scanned_by: Mapped[str] = mapped_column(String(64))


class ArchivePage(Base):
    __tablename__ = "archive_pages"

    document_id: Mapped[str] = mapped_column(ForeignKey("archive_documents.id"), primary_key=True)
    page_index: Mapped[int] = mapped_column(Integer, primary_key=True)
    image_sha256: Mapped[str] = mapped_column(ForeignKey("archive_images.sha256"))
    qr_case_no: Mapped[str | None] = mapped_column(String(32))  # the OneStop case QR on the page, if any


class ArchiveRequest(Base):
    """A copy asked for at one office of a document only the origin office holds on paper."""

    __tablename__ = "archive_requests"
    __table_args__ = (Index("ix_archive_requests_origin_state", "origin_office", "state"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    requester_office: Mapped[str] = mapped_column(String(63), index=True)
    origin_office: Mapped[str] = mapped_column(String(63))
    person_key: Mapped[str] = mapped_column(String(64))
    person_masked: Mapped[str] = mapped_column(String(10))
    person_name: Mapped[str] = mapped_column(String(100))
    household: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(12))
    registered_on: Mapped[str] = mapped_column(String(10))
    state: Mapped[str] = mapped_column(String(12))  # requested → scanned → issued | cancelled
    requested_by: Mapped[str] = mapped_column(String(64))
    requested_at: Mapped[int] = mapped_column(BigInteger)
    due_at: Mapped[int] = mapped_column(BigInteger)
    document_id: Mapped[str | None] = mapped_column(ForeignKey("archive_documents.id"))
    notified_at: Mapped[int | None] = mapped_column(BigInteger)  # the requester's inbox showed it ready


class ArchiveRequestEvent(Base):
    __tablename__ = "archive_request_events"

    id: Mapped[int] = mapped_column(AutoId, primary_key=True, autoincrement=True)
    request_id: Mapped[str] = mapped_column(ForeignKey("archive_requests.id"), index=True)
    state: Mapped[str] = mapped_column(String(12))
    office: Mapped[str] = mapped_column(String(63))
    staff: Mapped[str] = mapped_column(String(64))
    at: Mapped[int] = mapped_column(BigInteger)
    note: Mapped[str] = mapped_column(Text, default="")


class CertifiedCopy(Base):
    """A certified copy (副本) issued: which document, where, by whom; the PDF is re-made from the pages."""

    __tablename__ = "archive_copies"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("archive_documents.id"), index=True)
    office: Mapped[str] = mapped_column(String(63))
    issued_by: Mapped[str] = mapped_column(String(64))
    issued_at: Mapped[int] = mapped_column(BigInteger)
    request_id: Mapped[str | None] = mapped_column(ForeignKey("archive_requests.id"))
