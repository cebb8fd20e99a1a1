"""In-process pub/sub for rating alarms: the ingest side publishes after COMMIT, browsers' SSE streams listen.

Publishing never blocks and works from any thread; each subscriber gets its own asyncio queue on its own loop
(a slow browser only fills its own queue, which is bounded: the oldest messages go first).
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable
from typing import Any

Message = dict[str, Any]
QUEUE_LIMIT = 1000


class Subscription:
    def __init__(self, bus: AlarmBus, loop: asyncio.AbstractEventLoop) -> None:
        self._bus = bus
        self.loop = loop
        self.queue: asyncio.Queue[Message] = asyncio.Queue(QUEUE_LIMIT)

    def deliver(self, message: Message) -> None:
        """Runs on the subscriber's loop."""
        if self.queue.full():
            with contextlib.suppress(asyncio.QueueEmpty):
                self.queue.get_nowait()
        self.queue.put_nowait(message)

    def close(self) -> None:
        self._bus.unsubscribe(self)


class AlarmBus:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._subs: set[Subscription] = set()
        self._callbacks: list[Callable[[Message], None]] = []

    def subscribe(self) -> Subscription:
        """For a coroutine: a queue fed on the running loop."""
        sub = Subscription(self, asyncio.get_running_loop())
        with self._lock:
            self._subs.add(sub)
        return sub

    def unsubscribe(self, sub: Subscription) -> None:
        with self._lock:
            self._subs.discard(sub)

    def listen(self, callback: Callable[[Message], None]) -> Callable[[], None]:
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

    def publish(self, message: Message) -> None:
        with self._lock:
            subs = list(self._subs)
            callbacks = list(self._callbacks)
        for sub in subs:
            with contextlib.suppress(RuntimeError):  # that browser's loop has closed
                sub.loop.call_soon_threadsafe(sub.deliver, message)
        for callback in callbacks:
            callback(message)
