"""Dead letters are bounded: a background task deletes those older than ``dead_letter_keep_days`` and all but
the newest ``dead_letter_max_rows``, so a flood of junk messages cannot fill the disk."""

from __future__ import annotations

import logging

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from hub.background import BackgroundContext, Periodic
from hub.devices.models import DeadLetter
from wire import now_ms

log = logging.getLogger(__name__)
DAY_MS = 86_400_000


def prune_dead_letters(session: Session, *, keep_days: float, max_rows: int, now: int) -> int:
    """Delete expired and surplus dead letters (oldest first); returns how many went. Caller commits."""
    cutoff = now - int(keep_days * DAY_MS)
    gone = session.execute(delete(DeadLetter).where(DeadLetter.received_at < cutoff)).rowcount  # type: ignore[attr-defined]
    newest_dropped = session.scalar(
        select(DeadLetter.id).order_by(DeadLetter.id.desc()).offset(max_rows).limit(1)
    )
    if newest_dropped is not None:
        result = session.execute(delete(DeadLetter).where(DeadLetter.id <= newest_dropped))
        gone += result.rowcount  # type: ignore[attr-defined]
    return int(gone or 0)


class DeadLetterPruner:
    """Background task of ``hub.devices``: applies the retention period and the cap every few seconds."""

    name = "dead-letter-retention"

    def __init__(self) -> None:
        self._periodic = Periodic(self.name, self.step, lambda s: s.dead_letter_prune_s)

    def start(self, context: BackgroundContext) -> None:
        self._periodic.start(context)

    def stop(self) -> None:
        self._periodic.stop()

    def step(self, context: BackgroundContext) -> int:
        settings = context.settings
        with context.sessions() as session, session.begin():
            gone = prune_dead_letters(
                session,
                keep_days=settings.dead_letter_keep_days,
                max_rows=settings.dead_letter_max_rows,
                now=now_ms(),
            )
        if gone:
            log.info(
                "dead letters: %d expired or over the cap of %d deleted", gone, settings.dead_letter_max_rows
            )
        return gone
