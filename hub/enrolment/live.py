"""Live board push: changes are announced after COMMIT, the public page's SSE streams re-read and send them.

A change is only ``(kindergarten, phase)``: the stream reads the current rows itself, so a message can never
carry stale numbers and several quick registrations at one kindergarten coalesce into one update.
Publishing never blocks and works from any thread (HTTP thread pool, MQTT ingest thread).
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

Change = tuple[str, int]  # (kindergarten code, phase)
QUEUE_LIMIT = 1000
_PENDING = "enrolment_board_changes"


class Subscription:
    def __init__(self, bus: BoardBus, loop: asyncio.AbstractEventLoop) -> None:
        self._bus = bus
        self.loop = loop
        self.queue: asyncio.Queue[Change] = asyncio.Queue(QUEUE_LIMIT)
        self.overflowed = False  # too many changes at once: the stream re-reads the whole board instead

    def deliver(self, change: Change) -> None:
        """Runs on the subscriber's loop."""
        if self.queue.full():
            self.overflowed = True
            return
        self.queue.put_nowait(change)

    def close(self) -> None:
        self._bus.unsubscribe(self)


class BoardBus:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._subs: set[Subscription] = set()

    def subscribe(self) -> Subscription:
        """For a coroutine: a queue fed on the running loop."""
        sub = Subscription(self, asyncio.get_running_loop())
        with self._lock:
            self._subs.add(sub)
        return sub

    def unsubscribe(self, sub: Subscription) -> None:
        with self._lock:
            self._subs.discard(sub)

    @property
    def subscribers(self) -> int:
        with self._lock:
            return len(self._subs)

    def publish(self, change: Change) -> None:
        with self._lock:
            subs = list(self._subs)
        for sub in subs:
            with contextlib.suppress(RuntimeError):  # that browser's loop has closed
                sub.loop.call_soon_threadsafe(sub.deliver, change)


BUS = BoardBus()


def _after_commit(session: Session) -> None:
    changes: set[Change] = session.info.pop(_PENDING, set())
    for change in sorted(changes):
        BUS.publish(change)


def _after_rollback(session: Session) -> None:
    session.info.pop(_PENDING, None)


def board_changed(session: Session, kindergarten: str, phase: int) -> None:
    """Announce a change of this kindergarten's board once ``session`` commits (nothing if it rolls back)."""
    pending: set[Change] | None = session.info.get(_PENDING)
    if pending is None:
        pending = session.info[_PENDING] = set()
        if not event.contains(session, "after_commit", _after_commit):
            event.listen(session, "after_commit", _after_commit)
            event.listen(session, "after_soft_rollback", _soft_rollback)
    pending.add((kindergarten, int(phase)))


def _soft_rollback(session: Session, previous_transaction: Any) -> None:
    if previous_transaction.parent is None:  # the outermost transaction rolled back
        _after_rollback(session)
