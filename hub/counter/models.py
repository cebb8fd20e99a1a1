"""Counter toolkit tables: the document number series per office and year, and the document register."""

from __future__ import annotations

from typing import Any

from sqlalchemy import BigInteger, Boolean, Index, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from hub.db.base import Base
from hub.db.types import AutoId, Json


class CounterDocSeries(Base):
    """The last serial issued in one office's series for one year (numbers are issued by updating this row)."""

    __tablename__ = "counter_doc_series"

    office: Mapped[str] = mapped_column(String(10), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_serial: Mapped[int] = mapped_column(Integer)


class CounterDocument(Base):
    """An issued document: who, when, for which case or person, and the exact content and PDF printed."""

    __tablename__ = "counter_documents"
    __table_args__ = (
        UniqueConstraint("office", "year", "serial", name="uq_counter_documents_series"),
        Index("ix_counter_documents_person", "person_key"),
        Index("ix_counter_documents_issued", "issued_at"),
    )

    id: Mapped[int] = mapped_column(AutoId, primary_key=True, autoincrement=True)
    number: Mapped[str] = mapped_column(String(24), unique=True)
    office: Mapped[str] = mapped_column(String(10))
    year: Mapped[int] = mapped_column(Integer)
    serial: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(24))
    title: Mapped[str] = mapped_column(String(100))
    issued_at: Mapped[int] = mapped_column(BigInteger)  # ms since the epoch
    issued_by: Mapped[str] = mapped_column(String(64))  # staff username
    case_no: Mapped[str | None] = mapped_column(String(32), index=True)
    subject_name: Mapped[str] = mapped_column(String(100))  # the person addressed (searchable)
    person_key: Mapped[str | None] = mapped_column(String(64))  # HMAC of the national ID, never the ID
    id_last4: Mapped[str | None] = mapped_column(String(4))
    amount: Mapped[int | None] = mapped_column(Integer)
    content: Mapped[dict[str, Any]] = mapped_column(Json)  # what was printed, field by field
    pdf: Mapped[bytes] = mapped_column(LargeBinary)  # the exact PDF: a re-print is the same document
    pdf_sha256: Mapped[str] = mapped_column(String(64))
    note: Mapped[str | None] = mapped_column(Text)


class CounterPrintJob(Base):
    """A document sent to a counter's A4 printer and the last state the agent reported for it."""

    __tablename__ = "counter_print_jobs"

    job: Mapped[str] = mapped_column(String(32), primary_key=True)
    device: Mapped[str] = mapped_column(String(63))
    site: Mapped[str] = mapped_column(String(63))
    document_no: Mapped[str | None] = mapped_column(String(48), index=True)
    state: Mapped[str] = mapped_column(String(16))  # sent | pending | printing | completed | failed
    reason: Mapped[str | None] = mapped_column(String(500))
    paper_out: Mapped[bool] = mapped_column(Boolean, default=False)
    cups_job: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[int] = mapped_column(BigInteger)
    updated_at: Mapped[int | None] = mapped_column(BigInteger)


class CounterTipList(Base):
    """Staff's edited follow-up tips for one registration kind (replaces the shipped list for that kind)."""

    __tablename__ = "counter_tip_lists"

    kind: Mapped[str] = mapped_column(String(24), primary_key=True)
    items: Mapped[list[str]] = mapped_column(Json)  # "title | agency | note" per item
    updated_by: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[int] = mapped_column(BigInteger)
