"""Enrolment tables: kindergartens, registrations (one per child per phase, enforced), draws with their boards."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import BigInteger, Date, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from hub.db.base import Base
from hub.db.types import AutoId, Json


class EnrolKindergarten(Base):
    __tablename__ = "enrol_kindergartens"

    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    name_zh: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(200))
    two_year_classes: Mapped[int] = mapped_column(Integer)
    mixed_classes: Mapped[int] = mapped_column(Integer)
    promoted_two_year: Mapped[int] = mapped_column(Integer, default=0)
    promoted_mixed: Mapped[int] = mapped_column(Integer, default=0)
    special_ed_two_year: Mapped[int | None] = mapped_column(Integer)  # None: 2 per class
    special_ed_mixed: Mapped[int | None] = mapped_column(Integer)


class EnrolRegistration(Base):
    """A registration; ``child`` is the HMAC reference, never the national ID."""

    __tablename__ = "enrol_registrations"
    __table_args__ = (
        UniqueConstraint("school_year", "phase", "child", name="uq_enrol_registrations_child_phase"),
        Index("ix_enrol_registrations_listing", "school_year", "kindergarten", "phase"),
    )

    id: Mapped[int] = mapped_column(AutoId, primary_key=True, autoincrement=True)
    number: Mapped[str] = mapped_column(String(16), unique=True)
    school_year: Mapped[int] = mapped_column(Integer)
    phase: Mapped[int] = mapped_column(Integer)
    child: Mapped[str] = mapped_column(String(32))
    kindergarten: Mapped[str] = mapped_column(ForeignKey("enrol_kindergartens.code"))
    category: Mapped[str] = mapped_column(String(40))
    pool: Mapped[str] = mapped_column(String(16))
    line: Mapped[int] = mapped_column(Integer)
    rank: Mapped[int] = mapped_column(Integer)
    channel: Mapped[str] = mapped_column(String(16))
    at: Mapped[int] = mapped_column(BigInteger)  # epoch milliseconds
    together: Mapped[str | None] = mapped_column(String(16))
    birth: Mapped[date | None] = mapped_column(
        Date
    )  # lets a parent look a result up at a kiosk (no ID there)
    # online: the identification that registered (hub/enrolment/identity.py); only it reads the result
    registrant: Mapped[str | None] = mapped_column(String(80))
    # the parent's mobile for waiting-list notices (備取遞補), given at the kiosk; never shown back
    notify_phone: Mapped[str | None] = mapped_column(String(10))


class EnrolDraw(Base):
    """One kindergarten's phase: the announcement (frozen lists), then the transcript and the check-in board."""

    __tablename__ = "enrol_draws"
    __table_args__ = (UniqueConstraint("school_year", "kindergarten", "phase", name="uq_enrol_draws_phase"),)

    id: Mapped[int] = mapped_column(AutoId, primary_key=True, autoincrement=True)
    school_year: Mapped[int] = mapped_column(Integer)
    kindergarten: Mapped[str] = mapped_column(ForeignKey("enrol_kindergartens.code"))
    phase: Mapped[int] = mapped_column(Integer)
    places: Mapped[dict[str, Any]] = mapped_column(Json)
    staff_cap: Mapped[int] = mapped_column(Integer)
    announcement: Mapped[dict[str, Any]] = mapped_column(Json)
    announcement_sha256: Mapped[str] = mapped_column(String(64))
    announced_at: Mapped[int] = mapped_column(BigInteger)
    transcript: Mapped[dict[str, Any] | None] = mapped_column(Json)
    drawn_at: Mapped[int | None] = mapped_column(BigInteger)
    board: Mapped[dict[str, Any] | None] = mapped_column(Json)
