"""Core tables: devices, the event log, dead letters, sequence gaps and commands.

Times are epoch milliseconds (the wire's unit) in BIGINT columns, the same on SQLite and PostgreSQL.
Ingest writes these with SQLAlchemy Core (``Model.__table__``); the ORM classes serve routes and features.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import BigInteger, Boolean, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from hub.db.base import Base
from hub.db.types import AutoId, Json


class Device(Base):
    """What the hub knows about one device, kept current by birth, death and every message's seq."""

    __tablename__ = "devices"

    id: Mapped[str] = mapped_column(String(63), primary_key=True)
    site: Mapped[str] = mapped_column(String(63), index=True)
    kind: Mapped[str | None] = mapped_column(String(32))
    online: Mapped[bool] = mapped_column(Boolean, default=False)
    session: Mapped[int | None] = mapped_column(BigInteger)
    last_seq: Mapped[int | None] = mapped_column(Integer)
    last_seen: Mapped[int | None] = mapped_column(BigInteger)  # received_at of its latest message
    birth_at: Mapped[int | None] = mapped_column(BigInteger)  # ts of the birth of the current session
    death_at: Mapped[int | None] = mapped_column(BigInteger)
    death_reason: Mapped[str | None] = mapped_column(String(500))
    agent_version: Mapped[str | None] = mapped_column(String(32))
    config_version: Mapped[int | None] = mapped_column(Integer)
    components: Mapped[list[str] | None] = mapped_column(Json)
    queued_at_birth: Mapped[int | None] = mapped_column(Integer)
    health: Mapped[dict[str, Any] | None] = mapped_column(Json)  # latest tele/health body
    health_ts: Mapped[int | None] = mapped_column(BigInteger)


class Event(Base):
    """Every event stored exactly once: the id made at the source is the primary key."""

    __tablename__ = "events"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    device: Mapped[str] = mapped_column(String(63))
    site: Mapped[str] = mapped_column(String(63))
    type: Mapped[str] = mapped_column(String(64), index=True)
    session: Mapped[int] = mapped_column(BigInteger)
    seq: Mapped[int] = mapped_column(Integer)
    ts: Mapped[int] = mapped_column(BigInteger)
    received_at: Mapped[int] = mapped_column(BigInteger)
    historical: Mapped[bool] = mapped_column(Boolean, default=False)
    body: Mapped[dict[str, Any]] = mapped_column(Json)

    __table_args__ = (Index("ix_events_device_ts", "device", "ts"),)


class DeadLetter(Base):
    """A message the hub refused, with the reason; nothing of it was applied."""

    __tablename__ = "dead_letters"

    id: Mapped[int] = mapped_column(AutoId, primary_key=True, autoincrement=True)
    topic: Mapped[str] = mapped_column(String(512))
    reason: Mapped[str] = mapped_column(String(32), index=True)
    message: Mapped[str] = mapped_column(Text)
    payload_prefix: Mapped[str] = mapped_column(Text)  # first bytes, undecodable ones escaped
    size: Mapped[int] = mapped_column(Integer)
    received_at: Mapped[int] = mapped_column(BigInteger, index=True)


class SeqGap(Base):
    """Missing seq numbers ``first_seq..last_seq`` (inclusive) of a device's session, one row per range.

    A range, not a row per number, so one message cannot make hundreds of rows (issue 13). A number that
    arrives late splits its open range: the part before and after stay open, the number itself becomes a
    one-number range with ``filled_at`` set (``hub.devices.gaps``)."""

    __tablename__ = "seq_gap_ranges"

    id: Mapped[int] = mapped_column(AutoId, primary_key=True, autoincrement=True)
    device: Mapped[str] = mapped_column(String(63))
    session: Mapped[int] = mapped_column(BigInteger)
    first_seq: Mapped[int] = mapped_column(BigInteger)
    last_seq: Mapped[int] = mapped_column(BigInteger)
    detected_at: Mapped[int] = mapped_column(BigInteger)
    filled_at: Mapped[int | None] = mapped_column(BigInteger)

    __table_args__ = (Index("ix_seq_gap_ranges_device_session_first", "device", "session", "first_seq"),)

    @property
    def count(self) -> int:
        return self.last_seq - self.first_seq + 1


class Command(Base):
    """A command the hub sent; its device's ``cmdack`` sets the status."""

    __tablename__ = "commands"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    device: Mapped[str] = mapped_column(String(63), index=True)
    site: Mapped[str] = mapped_column(String(63))
    type: Mapped[str] = mapped_column(String(64))
    body: Mapped[dict[str, Any]] = mapped_column(Json)
    status: Mapped[str] = mapped_column(String(16))  # sent | accepted | done | failed | rejected
    sent_at: Mapped[int] = mapped_column(BigInteger)
    acked_at: Mapped[int | None] = mapped_column(BigInteger)
    detail: Mapped[str | None] = mapped_column(String(500))
