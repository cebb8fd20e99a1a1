"""Case tables: cases, their supplement pauses, their timeline, and failed progress queries (rate limit)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import BigInteger, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hub.db.base import Base
from hub.db.types import AutoId, Json


class Case(Base):
    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(AutoId, primary_key=True, autoincrement=True)
    case_no: Mapped[str] = mapped_column(String(32), unique=True)
    service: Mapped[str] = mapped_column(String(32), index=True)
    service_name: Mapped[str] = mapped_column(String(200))
    agency: Mapped[str] = mapped_column(String(200), index=True)
    channel: Mapped[str] = mapped_column(String(16))  # kiosk | counter | online | mail
    source_event: Mapped[str | None] = mapped_column(String(32), unique=True)  # kiosk event id
    source_device: Mapped[str | None] = mapped_column(String(63))
    name: Mapped[str] = mapped_column(String(60))
    phone: Mapped[str | None] = mapped_column(String(16))
    email: Mapped[str | None] = mapped_column(String(254))
    identity: Mapped[str] = mapped_column(String(8))
    consent_at: Mapped[int] = mapped_column(BigInteger)
    consent_by: Mapped[str] = mapped_column(String(64))  # staff name, kiosk:<device>, or citizen (online)
    password_hash: Mapped[str] = mapped_column(String(120))
    # the password the citizen chose for printing slips at a store (seed 004:665), hashed like password_hash
    slip_password_hash: Mapped[str | None] = mapped_column(String(120))
    copies: Mapped[int] = mapped_column(Integer, default=1)
    fields: Mapped[dict[str, Any] | None] = mapped_column(Json)
    received_on: Mapped[date] = mapped_column(Date)
    limit_amount: Mapped[int] = mapped_column(Integer)
    limit_unit: Mapped[str] = mapped_column(String(16))
    milestone: Mapped[str] = mapped_column(String(32))
    milestone_name: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(8), index=True)  # open | closed
    due_on: Mapped[date] = mapped_column(Date, index=True)
    closed_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[int] = mapped_column(BigInteger)
    receipt_prints: Mapped[int] = mapped_column(Integer, default=0)

    pauses: Mapped[list[CasePause]] = relationship(
        order_by="CasePause.paused_on", cascade="all, delete-orphan"
    )
    timeline: Mapped[list[TimelineEntry]] = relationship(
        order_by="TimelineEntry.id", cascade="all, delete-orphan"
    )


class CasePause(Base):
    """Waiting for the citizen's supplement (補正): the deadline clock stands still in [paused_on, resumed_on)."""

    __tablename__ = "case_pauses"

    id: Mapped[int] = mapped_column(AutoId, primary_key=True, autoincrement=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    paused_on: Mapped[date] = mapped_column(Date)
    resumed_on: Mapped[date | None] = mapped_column(Date)


class TimelineEntry(Base):
    __tablename__ = "case_timeline"

    id: Mapped[int] = mapped_column(AutoId, primary_key=True, autoincrement=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    at: Mapped[int] = mapped_column(BigInteger)
    day: Mapped[date] = mapped_column(Date)
    milestone: Mapped[str] = mapped_column(String(32))
    milestone_name: Mapped[str] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)
    actor: Mapped[str] = mapped_column(String(64))


class ProgressFailure(Base):
    """A wrong (case number, password) pair; more than 5 per number or client in 15 minutes → 429."""

    __tablename__ = "progress_failures"
    __table_args__ = (
        Index("ix_progress_failures_case_at", "case_no", "at"),
        Index("ix_progress_failures_client_at", "client", "at"),
    )

    id: Mapped[int] = mapped_column(AutoId, primary_key=True, autoincrement=True)
    case_no: Mapped[str] = mapped_column(String(32))
    client: Mapped[str] = mapped_column(String(64))
    at: Mapped[int] = mapped_column(BigInteger)


class SatisfactionAnswer(Base):
    """A citizen's questionnaire after the case closed (seed 001 滿意度問卷): one per case."""

    __tablename__ = "satisfaction_answers"

    id: Mapped[int] = mapped_column(AutoId, primary_key=True, autoincrement=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), unique=True)
    agency: Mapped[str] = mapped_column(String(200), index=True)  # copied: the report reads one table
    service: Mapped[str] = mapped_column(String(32), index=True)
    score: Mapped[int] = mapped_column(Integer)  # 1 very dissatisfied ... 5 very satisfied
    reasons: Mapped[list[str] | None] = mapped_column(Json)  # codes of satisfaction.REASONS
    comment: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[int] = mapped_column(BigInteger)
