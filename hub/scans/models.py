"""Counter scans: a scan staff asked a counter's agent for (seal, archive page ...), and the pages it brought."""

from __future__ import annotations

from sqlalchemy import BigInteger, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from hub.db.base import Base


class CounterScan(Base):
    __tablename__ = "counter_scans"

    batch: Mapped[str] = mapped_column(String(32), primary_key=True)
    site: Mapped[str] = mapped_column(String(63))
    device: Mapped[str] = mapped_column(String(63))
    purpose: Mapped[str] = mapped_column(String(16))  # seal | archive
    requested_by: Mapped[str] = mapped_column(String(64))
    requested_at: Mapped[int] = mapped_column(BigInteger)
    completed_at: Mapped[int | None] = mapped_column(BigInteger)  # the agent's document.batch arrived
    page_count: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(Text)


class CounterScanPage(Base):
    """A page of a counter scan; the image itself is the returned-page blob ``hub.documents`` stored."""

    __tablename__ = "counter_scan_pages"

    batch: Mapped[str] = mapped_column(ForeignKey("counter_scans.batch"), primary_key=True)
    page_index: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(ForeignKey("document_blobs.sha256"))
