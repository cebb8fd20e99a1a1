"""One thread and one selector driving many paho clients (paho's external-loop API), plus timers.

Every paho call of a client attached here must happen on the loop thread; other threads hand work
over with ``call_soon_threadsafe``. This is how one agent and thousands of simulated devices run.
"""

from __future__ import annotations

import contextlib
import heapq
import itertools
import logging
import selectors
import socket
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

import paho.mqtt.client as mqtt

log = logging.getLogger(__name__)
T = TypeVar("T")

#: How often keep-alive pings and timeouts of every attached client are looked after.
MISC_INTERVAL = 1.0


class Timer:
    """A pending ``call_later``; ``cancel()`` stops it from running."""

    __slots__ = ("cancelled", "fn", "when")

    def __init__(self, when: float, fn: Callable[[], None]) -> None:
        self.when = when
        self.fn = fn
        self.cancelled = False

    def cancel(self) -> None:
        self.cancelled = True


class NetLoop:
    """A selector loop in its own thread; paho clients plug in with ``attach(client)``."""

    def __init__(self, name: str = "onestop-netloop") -> None:
        self._selector = selectors.DefaultSelector()
        self._timers: list[tuple[float, int, Timer]] = []
        self._counter = itertools.count()
        self._ready: deque[Callable[[], None]] = deque()
        self._ready_lock = threading.Lock()
        self._wake_r, self._wake_w = socket.socketpair()
        self._wake_r.setblocking(False)
        self._wake_w.setblocking(False)
        self._selector.register(self._wake_r, selectors.EVENT_READ, None)
        self._clients: dict[mqtt.Client, socket.socket] = {}
        self._running = False
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        #: Blocking disk work (outbox fsyncs) runs here so the loop never waits for a disk.
        self._io = ThreadPoolExecutor(max_workers=8, thread_name_prefix=f"{name}-io")

    # -- life cycle ---------------------------------------------------------------------------------

    def start(self) -> NetLoop:
        self._running = True
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        """Stop the loop thread (clients should have been disconnected first)."""
        if not self._running:
            return
        self._running = False
        self._wake()
        if threading.current_thread() is not self._thread:
            self._thread.join(timeout)

    def in_loop_thread(self) -> bool:
        return threading.current_thread() is self._thread

    # -- scheduling ---------------------------------------------------------------------------------

    def call_soon_threadsafe(self, fn: Callable[..., None], *args: Any) -> None:
        """Run ``fn(*args)`` on the loop thread as soon as possible; callable from any thread."""
        with self._ready_lock:
            self._ready.append(lambda: fn(*args))
        self._wake()

    def run_io(self, fn: Callable[[], T], done: Callable[[Future[T]], None]) -> None:
        """Run blocking ``fn`` on the I/O pool, then ``done(future)`` on the loop thread."""
        future = self._io.submit(fn)
        future.add_done_callback(lambda f: self.call_soon_threadsafe(done, f))

    def call_later(self, delay: float, fn: Callable[..., None], *args: Any) -> Timer:
        """Run ``fn(*args)`` on the loop thread after ``delay`` seconds; call from the loop thread."""
        timer = Timer(time.monotonic() + max(0.0, delay), lambda: fn(*args))
        heapq.heappush(self._timers, (timer.when, next(self._counter), timer))
        return timer

    def _wake(self) -> None:
        # A wake-up byte may already be pending, or the loop has closed: either way nothing to do.
        with contextlib.suppress(BlockingIOError, OSError):
            self._wake_w.send(b"\0")

    # -- paho external-loop plumbing ------------------------------------------------------------------

    def attach(self, client: mqtt.Client) -> None:
        """Let this loop drive ``client``'s socket from now on (set before ``connect``)."""
        client.on_socket_open = self._on_socket_open
        client.on_socket_close = self._on_socket_close
        client.on_socket_register_write = self._on_register_write
        client.on_socket_unregister_write = self._on_unregister_write

    def _on_socket_open(self, client: mqtt.Client, _userdata: Any, sock: Any) -> None:
        self._selector.register(sock, selectors.EVENT_READ, client)
        self._clients[client] = sock

    def _on_socket_close(self, client: mqtt.Client, _userdata: Any, sock: Any) -> None:
        with contextlib.suppress(KeyError, ValueError):
            self._selector.unregister(sock)
        self._clients.pop(client, None)

    def _on_register_write(self, client: mqtt.Client, _userdata: Any, sock: Any) -> None:
        with contextlib.suppress(KeyError, ValueError):
            self._selector.modify(sock, selectors.EVENT_READ | selectors.EVENT_WRITE, client)

    def _on_unregister_write(self, client: mqtt.Client, _userdata: Any, sock: Any) -> None:
        with contextlib.suppress(KeyError, ValueError):
            self._selector.modify(sock, selectors.EVENT_READ, client)

    # -- the loop -----------------------------------------------------------------------------------

    def _run(self) -> None:
        next_misc = time.monotonic() + MISC_INTERVAL
        while self._running:
            now = time.monotonic()
            timeout = min(next_misc, self._timers[0][0] if self._timers else next_misc) - now
            with self._ready_lock:
                if self._ready:
                    timeout = 0
            for key, mask in self._selector.select(max(0.0, timeout)):
                client = key.data
                if client is None:
                    self._drain_wake()
                    continue
                self._guard(self._service, client, mask)
            self._run_ready()
            self._run_timers()
            now = time.monotonic()
            if now >= next_misc:
                next_misc = now + MISC_INTERVAL
                for client in list(self._clients):
                    self._guard(client.loop_misc)
        self._io.shutdown(wait=False, cancel_futures=True)
        self._selector.close()
        self._wake_r.close()
        self._wake_w.close()

    @staticmethod
    def _service(client: mqtt.Client, mask: int) -> None:
        if mask & selectors.EVENT_READ:
            client.loop_read()
        if mask & selectors.EVENT_WRITE and client.socket() is not None:
            client.loop_write()

    def _drain_wake(self) -> None:
        try:
            while self._wake_r.recv(4096):
                pass
        except (BlockingIOError, OSError):
            pass

    def _run_ready(self) -> None:
        with self._ready_lock:
            batch, self._ready = self._ready, deque()
        for fn in batch:
            self._guard(fn)

    def _run_timers(self) -> None:
        now = time.monotonic()
        while self._timers and self._timers[0][0] <= now:
            _, _, timer = heapq.heappop(self._timers)
            if not timer.cancelled:
                self._guard(timer.fn)

    @staticmethod
    def _guard(fn: Callable[..., Any], *args: Any) -> None:
        try:
            fn(*args)
        except Exception:
            log.exception("network loop callback failed; the loop goes on")
