"""Headline counts of a hub database (``onestop hub stats``), one query per figure."""

from __future__ import annotations

from sqlalchemy import Engine, func, select

from hub.devices.gaps import missing_numbers
from hub.devices.models import Command, DeadLetter, Device, Event, SeqGap


def collect(engine: Engine) -> dict[str, int]:
    """``events`` counts distinct stored events (the id is the primary key, so each once)."""
    queries = {
        "events": select(func.count()).select_from(Event),
        "devices": select(func.count()).select_from(Device),
        "devices_online": select(func.count()).select_from(Device).where(Device.online.is_(True)),
        "dead_letters": select(func.count()).select_from(DeadLetter),
        "gaps": select(missing_numbers()).select_from(SeqGap),  # missing seq numbers, filled or not
        "gaps_open": select(missing_numbers()).select_from(SeqGap).where(SeqGap.filled_at.is_(None)),
        "gap_ranges": select(func.count()).select_from(SeqGap),
        "commands": select(func.count()).select_from(Command),
    }
    with engine.connect() as conn:
        return {name: int(conn.scalar(query) or 0) for name, query in queries.items()}
