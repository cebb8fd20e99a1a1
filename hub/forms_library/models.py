"""The forms library's tables: categories, forms, their versions (the file, its hash, from when, by whom) and
what each agent reported it holds."""

from __future__ import annotations

from sqlalchemy import BigInteger, ForeignKey, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from hub.db.base import Base
from hub.db.types import AutoId


class FormCategory(Base):
    __tablename__ = "form_categories"

    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer)


class LibraryForm(Base):
    __tablename__ = "library_forms"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    category: Mapped[str] = mapped_column(ForeignKey("form_categories.code"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    title_en: Mapped[str] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(String(60))  # "seed 002:1182", "catalogue", "issue 15"


class FormVersion(Base):
    """One version of a form; never changed once stored (a correction is a new version)."""

    __tablename__ = "form_versions"

    id: Mapped[int] = mapped_column(AutoId, primary_key=True, autoincrement=True)  # the library revision
    form: Mapped[str] = mapped_column(ForeignKey("library_forms.code"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    effective: Mapped[str] = mapped_column(String(10))  # ISO date it applies from
    kind: Mapped[str] = mapped_column(String(10))  # template | pdf
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    note: Mapped[str] = mapped_column(String(300))  # why it changed (the law change)
    changed_by: Mapped[str] = mapped_column(String(64))
    changed_at: Mapped[int] = mapped_column(BigInteger)

    __table_args__ = (UniqueConstraint("form", "version", name="uq_form_versions_form_version"),)


class AgentFormVersion(Base):
    """The newest version of a form an agent reported (``forms.report``): cached, or refused and why."""

    __tablename__ = "agent_form_versions"

    device: Mapped[str] = mapped_column(String(63), primary_key=True)
    form: Mapped[str] = mapped_column(String(32), primary_key=True)
    version: Mapped[int] = mapped_column(Integer)  # the newest version cached
    sha256: Mapped[str] = mapped_column(String(64))
    refused_version: Mapped[int | None] = mapped_column(Integer)
    refused_reason: Mapped[str | None] = mapped_column(String(300))
    reported_at: Mapped[int] = mapped_column(BigInteger)


class FormDraft(Base):
    """An uploaded version waiting for its preview to be checked; publishing it makes a FormVersion."""

    __tablename__ = "form_drafts"

    id: Mapped[int] = mapped_column(AutoId, primary_key=True, autoincrement=True)
    form: Mapped[str] = mapped_column(ForeignKey("library_forms.code"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    effective: Mapped[str] = mapped_column(String(10))
    note: Mapped[str] = mapped_column(String(300))
    pages: Mapped[int] = mapped_column(Integer)
    uploaded_by: Mapped[str] = mapped_column(String(64))
    uploaded_at: Mapped[int] = mapped_column(BigInteger)
    published_version: Mapped[int | None] = mapped_column(Integer)
