"""Returned documents: page images stored once by content hash, chunks in transit, and pages of cases."""

from __future__ import annotations

from sqlalchemy import BigInteger, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from hub.db.base import Base
from hub.db.types import AutoId, Json


class DocumentBlob(Base):
    """One page image; the SHA-256 of its bytes is its key, so a page sent twice is stored once."""

    __tablename__ = "document_blobs"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    media_type: Mapped[str] = mapped_column(String(32))
    size: Mapped[int] = mapped_column(Integer)
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[int] = mapped_column(BigInteger)


class DocumentChunk(Base):
    """A chunk of a large page, kept until all chunks of the page arrived."""

    __tablename__ = "document_chunks"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    chunk_index: Mapped[int] = mapped_column(Integer, primary_key=True)
    chunk_count: Mapped[int] = mapped_column(Integer)
    data: Mapped[str] = mapped_column(Text)  # base64, as received


class CaseDocument(Base):
    """A page of a scan batch, attached to its case (``case_id`` None when the case is unknown or no QR)."""

    __tablename__ = "case_documents"
    __table_args__ = (UniqueConstraint("batch", "page_index", name="uq_case_documents_batch_page"),)

    id: Mapped[int] = mapped_column(AutoId, primary_key=True, autoincrement=True)
    sha256: Mapped[str] = mapped_column(ForeignKey("document_blobs.sha256"), index=True)
    case_no: Mapped[str | None] = mapped_column(String(32), index=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    batch: Mapped[str] = mapped_column(String(32))
    page_index: Mapped[int] = mapped_column(Integer)
    page_count: Mapped[int] = mapped_column(Integer)
    flags: Mapped[list[str] | None] = mapped_column(Json)
    device: Mapped[str] = mapped_column(String(63))
    received_at: Mapped[int] = mapped_column(BigInteger)
