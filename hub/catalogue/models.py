"""Staff edits of the catalogue: one row per edited service, the whole service as JSON, with a version."""

from __future__ import annotations

from typing import Any

from sqlalchemy import BigInteger, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from hub.db.base import Base
from hub.db.types import Json


class CatalogueEdit(Base):
    __tablename__ = "catalogue_edits"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    data: Mapped[dict[str, Any]] = mapped_column(Json)
    version: Mapped[int] = mapped_column(Integer)  # 1 for the first edit, +1 per edit
    edited_by: Mapped[str] = mapped_column(String(64))
    edited_at: Mapped[int] = mapped_column(BigInteger)
