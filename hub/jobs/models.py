"""Job vacancies from the employment service stations; each station's daily file replaces its rows."""

from __future__ import annotations

from sqlalchemy import BigInteger, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from hub.db.base import Base
from hub.db.types import AutoId


class JobVacancy(Base):
    __tablename__ = "job_vacancies"
    __table_args__ = (Index("ix_job_vacancies_township", "township"),)

    id: Mapped[int] = mapped_column(AutoId, primary_key=True, autoincrement=True)
    station: Mapped[str] = mapped_column(String(40), index=True)
    township: Mapped[str] = mapped_column(String(10))
    company: Mapped[str] = mapped_column(String(60))
    title: Mapped[str] = mapped_column(String(40))
    openings: Mapped[int] = mapped_column(Integer)
    pay: Mapped[str] = mapped_column(String(40))
    education: Mapped[str] = mapped_column(String(20))
    duties: Mapped[str] = mapped_column(String(300))
    address: Mapped[str] = mapped_column(String(100))
    phone: Mapped[str] = mapped_column(String(24))
    imported_at: Mapped[int] = mapped_column(BigInteger)
