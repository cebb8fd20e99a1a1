"""The fines register: one row per fine the agencies imported, and the log of import files."""

from __future__ import annotations

from datetime import date

from sqlalchemy import BigInteger, Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from hub.db.base import Base
from hub.db.types import AutoId


class FineImport(Base):
    __tablename__ = "fine_imports"

    id: Mapped[int] = mapped_column(AutoId, primary_key=True, autoincrement=True)
    at: Mapped[int] = mapped_column(BigInteger)
    actor: Mapped[str] = mapped_column(String(64))
    filename: Mapped[str] = mapped_column(String(200))
    added: Mapped[int] = mapped_column(Integer)
    updated: Mapped[int] = mapped_column(Integer)
    unchanged: Mapped[int] = mapped_column(Integer)


class Fine(Base):
    """A fine; the payer's ID or business number is kept only as a keyed hash and in masked form."""

    __tablename__ = "fines"

    id: Mapped[int] = mapped_column(AutoId, primary_key=True, autoincrement=True)
    fine_no: Mapped[str] = mapped_column(String(15), unique=True)
    payment_no: Mapped[str] = mapped_column(String(16), unique=True)
    issued_on: Mapped[date] = mapped_column(Date)
    agency: Mapped[str] = mapped_column(String(60))
    decision_no: Mapped[str] = mapped_column(String(40))
    rule: Mapped[str] = mapped_column(String(200))
    amount: Mapped[int] = mapped_column(Integer)
    due_on: Mapped[date] = mapped_column(Date)
    payer_kind: Mapped[str] = mapped_column(String(12))  # national_id | business_no
    payer_key: Mapped[str] = mapped_column(String(64), index=True)  # HMAC-SHA256 of the ID/business number
    payer_masked: Mapped[str] = mapped_column(String(16))  # last 4 as *
    payer_name: Mapped[str] = mapped_column(String(60))
    status: Mapped[str] = mapped_column(String(10), index=True)  # due | paid | cancelled
    paid_at: Mapped[int | None] = mapped_column(BigInteger)
    store: Mapped[str | None] = mapped_column(String(16))
    settlement_id: Mapped[int | None] = mapped_column(Integer)  # settlement_imports.id (payments feature)
    import_id: Mapped[int] = mapped_column(ForeignKey("fine_imports.id"))
    updated_at: Mapped[int] = mapped_column(BigInteger)
