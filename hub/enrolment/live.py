"""Live board push: changes are announced after COMMIT, the public page's SSE streams re-read and send them.

A change is only ``(kindergarten, phase)``: the stream reads the current rows itself, so a message can never
carry stale numbers and several quick registrations at one kindergarten coalesce into one update.
Publishing never blocks and works from any thread (HTTP thread pool, MQTT ingest thread).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from hub.core.live import LiveBus, after_commit

Change = tuple[str, int]  # (kindergarten code, phase)
_PENDING = "enrolment_board_changes"

BUS: LiveBus[Change] = LiveBus()


def board_changed(session: Session, kindergarten: str, phase: int) -> None:
    """Announce a change of this kindergarten's board once ``session`` commits (nothing if it rolls back).

    Changes of one transaction are collected into one set, so a burst at one kindergarten is one message.
    """
    transaction = session.get_transaction()
    holder: tuple[object, set[Change]] | None = session.info.get(_PENDING)
    if holder is None or holder[0] is not transaction:
        changes: set[Change] = set()
        session.info[_PENDING] = (transaction, changes)

        def publish() -> None:
            for change in sorted(changes):
                BUS.publish(change)

        after_commit(session, publish)
        holder = session.info[_PENDING]
    holder[1].add((kindergarten, int(phase)))
