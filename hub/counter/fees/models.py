"""Fee tables: the receipt number series, receipts with their lines, voids, cashiers' cash counts, locked days."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import (
    BigInteger,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hub.db.base import Base
from hub.db.types import AutoId, Json


class FeeReceiptSeries(Base):
    """The last receipt serial issued by one office in one year (a number is never reused, even voided)."""

    __tablename__ = "fee_receipt_series"

    office: Mapped[str] = mapped_column(String(10), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_serial: Mapped[int] = mapped_column(Integer)


class FeeReceipt(Base):
    """A receipt as issued: the lines at that day's amounts, who took the money and how, and the exact PDF."""

    __tablename__ = "fee_receipts"
    __table_args__ = (
        UniqueConstraint("office", "year", "serial", name="uq_fee_receipts_series"),
        Index("ix_fee_receipts_day", "office", "day"),
    )

    id: Mapped[int] = mapped_column(AutoId, primary_key=True, autoincrement=True)
    number: Mapped[str] = mapped_column(String(24), unique=True)
    office: Mapped[str] = mapped_column(String(10))
    year: Mapped[int] = mapped_column(Integer)
    serial: Mapped[int] = mapped_column(Integer)
    day: Mapped[date] = mapped_column(Date)  # the office's (Taipei) date of issue: the day it is booked on
    issued_at: Mapped[int] = mapped_column(BigInteger)  # ms since the epoch
    cashier: Mapped[str] = mapped_column(String(64))  # staff username
    cashier_name: Mapped[str] = mapped_column(String(100))
    method: Mapped[str] = mapped_column(String(16))
    payer: Mapped[str] = mapped_column(String(100))
    case_no: Mapped[str | None] = mapped_column(String(32), index=True)
    total: Mapped[int] = mapped_column(Integer)
    lines: Mapped[list[dict[str, Any]]] = mapped_column(
        Json
    )  # code, name, unit, unit_amount, quantity, amount
    pdf: Mapped[bytes] = mapped_column(LargeBinary)  # the original as printed; a re-print is marked a copy
    pdf_sha256: Mapped[str] = mapped_column(String(64))
    copies: Mapped[int] = mapped_column(Integer, default=0)
    void: Mapped[FeeVoid | None] = relationship(back_populates="receipt", uselist=False, lazy="selectin")


class FeeVoid(Base):
    """A receipt voided with a reason; booked on the day it was voided (a locked day is never changed)."""

    __tablename__ = "fee_voids"

    receipt_id: Mapped[int] = mapped_column(ForeignKey("fee_receipts.id"), primary_key=True)
    day: Mapped[date] = mapped_column(Date)
    at: Mapped[int] = mapped_column(BigInteger)
    by: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text)
    receipt: Mapped[FeeReceipt] = relationship(back_populates="void")


class FeeCashCount(Base):
    """A cashier's counted cash for one day at one office, against what the books expect."""

    __tablename__ = "fee_cash_counts"

    office: Mapped[str] = mapped_column(String(10), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    cashier: Mapped[str] = mapped_column(String(64), primary_key=True)
    expected: Mapped[int] = mapped_column(Integer)
    counted: Mapped[int] = mapped_column(Integer)
    explanation: Mapped[str | None] = mapped_column(Text)  # required when counted != expected
    at: Mapped[int] = mapped_column(BigInteger)
    by: Mapped[str] = mapped_column(String(64))


class FeeDayLock(Base):
    """An office's day, closed by a supervisor: from then on nothing booked on it changes."""

    __tablename__ = "fee_day_locks"

    office: Mapped[str] = mapped_column(String(10), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    at: Mapped[int] = mapped_column(BigInteger)
    by: Mapped[str] = mapped_column(String(64))
    summary: Mapped[dict[str, Any]] = mapped_column(Json)  # the day's sums as locked
