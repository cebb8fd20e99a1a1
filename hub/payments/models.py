"""Payments due on cases (one per payment slip) and the log of imported settlement files."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import BigInteger, Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from hub.db.base import Base
from hub.db.types import AutoId, Json


class Payment(Base):
    __tablename__ = "payments"

    id: Mapped[int] = mapped_column(AutoId, primary_key=True, autoincrement=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    payment_no: Mapped[str] = mapped_column(String(16), unique=True)
    amount: Mapped[int] = mapped_column(Integer)
    due_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(8))  # due | paid
    paid_at: Mapped[int | None] = mapped_column(BigInteger)
    store: Mapped[str | None] = mapped_column(String(16))
    settlement_id: Mapped[int | None] = mapped_column(ForeignKey("settlement_imports.id"))
    created_at: Mapped[int] = mapped_column(BigInteger)


class SettlementImport(Base):
    __tablename__ = "settlement_imports"

    id: Mapped[int] = mapped_column(AutoId, primary_key=True, autoincrement=True)
    at: Mapped[int] = mapped_column(BigInteger)
    actor: Mapped[str] = mapped_column(String(64))
    collector: Mapped[str] = mapped_column(String(16))
    settled_on: Mapped[date] = mapped_column(Date)
    applied: Mapped[int] = mapped_column(Integer)
    problems: Mapped[list[dict[str, Any]]] = mapped_column(Json)
