"""Live updates inside one hub process: act after COMMIT, and a bus that feeds every open browser stream.

- ``after_commit(session, action)`` runs ``action`` once the session's outer transaction commits and forgets
  it if the transaction rolls back, so nobody is told about a change that did not happen.
- ``LiveBus`` publishes from any thread (HTTP pool, MQTT ingest) without blocking; each subscriber (an SSE
  response) gets a bounded asyncio queue on its own loop: a slow browser only fills its own queue, the oldest
  message goes first and ``overflowed`` tells the stream to re-read everything.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

log = logging.getLogger(__name__)
M = TypeVar("M")
#: Set when the hub process starts to stop (``hub.serve``): uvicorn waits for every open response, so a
#: live stream (server-sent events) checks this at least every ``STOP_CHECK_S`` and ends at once.
STOPPING = threading.Event()
STOP_CHECK_S = 0.5
QUEUE_LIMIT = 1000
_PENDING = "onestop.after_commit"


def after_commit(session: Session, action: Callable[[], None]) -> None:
    """Run ``action`` once ``session``'s outer transaction commits; forget it if it rolls back.

    An action registered inside a savepoint that rolls back (a failing ingest handler) is forgotten too.
    """
    pending: list[tuple[SessionTransaction, Callable[[], None]]] | None = session.info.get(_PENDING)
    if pending is None:
        pending = session.info[_PENDING] = []

        def committed(sess: Session) -> None:
            actions = [run for _tx, run in sess.info.get(_PENDING, ())]
            sess.info[_PENDING] = []
            for run in actions:
                try:
                    run()
                except Exception:
                    log.exception("after-commit action failed")

        def rolled_back(sess: Session, previous: SessionTransaction) -> None:
            sess.info[_PENDING] = [
                (tx, run) for tx, run in sess.info.get(_PENDING, ()) if not _within(tx, previous)
            ]

        event.listen(session, "after_commit", committed)
        event.listen(session, "after_soft_rollback", rolled_back)
    current = session.get_nested_transaction() or session.get_transaction()
    if current is None:
        raise RuntimeError("after_commit needs a transaction in progress")
    pending.append((current, action))


def _within(tx: SessionTransaction | None, ancestor: SessionTransaction) -> bool:
    while tx is not None:
        if tx is ancestor:
            return True
        tx = tx.parent
    return False


class Subscription(Generic[M]):
    def __init__(self, bus: LiveBus[M], loop: asyncio.AbstractEventLoop, limit: int = QUEUE_LIMIT) -> None:
        self._bus = bus
        self.loop = loop
        self.queue: asyncio.Queue[M] = asyncio.Queue(limit)
        self.overflowed = False  # messages were dropped: the stream should re-read its whole view

    def deliver(self, message: M) -> None:
        """Runs on the subscriber's loop."""
        if self.queue.full():
            self.overflowed = True
            with contextlib.suppress(asyncio.QueueEmpty):
                self.queue.get_nowait()
        self.queue.put_nowait(message)

    def close(self) -> None:
        self._bus.unsubscribe(self)


class LiveBus(Generic[M]):
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._subs: set[Subscription[M]] = set()
        self._callbacks: list[Callable[[M], None]] = []

    def subscribe(self) -> Subscription[M]:
        """For a coroutine: a queue fed on the running loop."""
        sub = Subscription(self, asyncio.get_running_loop())
        with self._lock:
            self._subs.add(sub)
        return sub

    def unsubscribe(self, sub: Subscription[M]) -> None:
        with self._lock:
            self._subs.discard(sub)

    def listen(self, callback: Callable[[M], None]) -> Callable[[], None]:
        """A plain callback run on the publisher's thread (keep it quick); returns the function that stops it."""
        with self._lock:
            self._callbacks.append(callback)

        def stop() -> None:
            with self._lock, contextlib.suppress(ValueError):
                self._callbacks.remove(callback)

        return stop

    @property
    def subscribers(self) -> int:
        with self._lock:
            return len(self._subs) + len(self._callbacks)

    def publish(self, message: M) -> None:
        with self._lock:
            subs = list(self._subs)
            callbacks = list(self._callbacks)
        for sub in subs:
            with contextlib.suppress(RuntimeError):  # that browser's loop has closed
                sub.loop.call_soon_threadsafe(sub.deliver, message)
        for callback in callbacks:
            callback(message)
