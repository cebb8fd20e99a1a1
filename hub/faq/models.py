"""FAQ entries; their search index is built in the migration (SQLite FTS5 table, PostgreSQL GIN index)."""

from __future__ import annotations

from sqlalchemy import BigInteger, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from hub.db.base import Base
from hub.db.types import AutoId

#: The FTS5 table and its shadow tables (SQLite) that the ORM does not map; see hub.db.migrate.UNMAPPED_TABLES.
FTS_TABLE = "faq_fts"


class FaqEntry(Base):
    __tablename__ = "faq_entries"

    id: Mapped[int] = mapped_column(AutoId, primary_key=True, autoincrement=True)
    agency: Mapped[str] = mapped_column(String(60))  # 發佈單位, e.g. 民政處-戶政科
    category: Mapped[str] = mapped_column(String(40))  # e.g. 村里民政類
    service: Mapped[str | None] = mapped_column(String(40))  # catalogue code when about one service
    question: Mapped[str] = mapped_column(String(200))
    answer: Mapped[str] = mapped_column(Text)
    q_tokens: Mapped[str] = mapped_column(Text)  # hub.faq.tokens.index_tokens(question)
    a_tokens: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(60))  # "seed 004:1253" or "staff"
    updated_at: Mapped[int] = mapped_column(BigInteger)
    updated_by: Mapped[str] = mapped_column(String(64))

    __table_args__ = (Index("ix_faq_entries_category", "category"), Index("ix_faq_entries_agency", "agency"))
