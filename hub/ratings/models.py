"""Rating tables: offices (supervisor's buzzer), counters (keypad host, staff on duty), prompts, ratings, alarms."""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from hub.db.base import Base
from hub.db.types import AutoId


class RatingOffice(Base):
    """An office (a site); its supervisor's buzzer is a keypad ``buzzer_counter`` on device ``buzzer_device``."""

    __tablename__ = "rating_offices"

    site: Mapped[str] = mapped_column(String(63), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    buzzer_device: Mapped[str | None] = mapped_column(String(63))
    buzzer_counter: Mapped[str | None] = mapped_column(String(32))


class RatingCounter(Base):
    """A counter with a keypad: which agent hosts it and which staff account works there now."""

    __tablename__ = "rating_counters"

    site: Mapped[str] = mapped_column(String(63), primary_key=True)
    counter: Mapped[str] = mapped_column(String(32), primary_key=True)
    device: Mapped[str] = mapped_column(String(63))  # the agent whose keypad component serves this counter
    name: Mapped[str] = mapped_column(String(100))
    staff: Mapped[str | None] = mapped_column(String(32), index=True)  # staff account on duty (not shown out)


class RatingPrompt(Base):
    """The hub asked a counter's keypad for a rating (after a case closed there)."""

    __tablename__ = "rating_prompts"
    __table_args__ = (Index("ix_rating_prompts_site_counter_created", "site", "counter", "created_at"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    site: Mapped[str] = mapped_column(String(63))
    counter: Mapped[str] = mapped_column(String(32))
    case_no: Mapped[str | None] = mapped_column(String(32))
    service: Mapped[str | None] = mapped_column(String(32))
    staff: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[int] = mapped_column(BigInteger)
    rated: Mapped[bool] = mapped_column(Boolean, default=False)


class Rating(Base):
    """One accepted press; ``status`` solicited (official) or unsolicited (kept, not counted)."""

    __tablename__ = "ratings"
    __table_args__ = (Index("ix_ratings_site_counter_pressed", "site", "counter", "pressed_at"),)

    id: Mapped[int] = mapped_column(AutoId, primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(String(32), unique=True)
    site: Mapped[str] = mapped_column(String(63))
    counter: Mapped[str] = mapped_column(String(32))
    device: Mapped[str] = mapped_column(String(63))
    button: Mapped[str] = mapped_column(String(24))
    pressed_at: Mapped[int] = mapped_column(BigInteger, index=True)
    received_at: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(12), index=True)
    reason: Mapped[str] = mapped_column(String(24))
    prompt_id: Mapped[str | None] = mapped_column(String(32))
    case_no: Mapped[str | None] = mapped_column(String(32))
    service: Mapped[str | None] = mapped_column(String(32))
    staff: Mapped[str | None] = mapped_column(String(32), index=True)  # for "my own figures"; never shown out


class RatingAlarm(Base):
    """An alarm for the office's supervisor; stays in the history with the acknowledgement and its note."""

    __tablename__ = "rating_alarms"
    __table_args__ = (Index("ix_rating_alarms_site_ack", "site", "acknowledged_at"),)

    id: Mapped[int] = mapped_column(AutoId, primary_key=True, autoincrement=True)
    site: Mapped[str] = mapped_column(String(63))
    counter: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(24))
    rating_id: Mapped[int | None] = mapped_column(BigInteger)
    case_no: Mapped[str | None] = mapped_column(String(32))
    solicited: Mapped[bool] = mapped_column(Boolean, default=True)
    detail: Mapped[str | None] = mapped_column(Text)
    pressed_at: Mapped[int | None] = mapped_column(BigInteger)  # the device's time of the press
    raised_at: Mapped[int] = mapped_column(BigInteger, index=True)
    cleared_at: Mapped[int | None] = mapped_column(BigInteger)  # share rule: the share fell back
    acknowledged_at: Mapped[int | None] = mapped_column(BigInteger)
    acknowledged_by: Mapped[str | None] = mapped_column(String(32))
    note: Mapped[str | None] = mapped_column(Text)
