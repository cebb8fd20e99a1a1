"""The forms library in the fleet simulator: every simulated device keeps its own library cache on disk and
runs the agent's very ``sync`` (index, chunked fetch, hash check, report) on connect and on ``forms.changed``.

Requests are answered on the fleet's one network loop; the syncs themselves run on a small thread pool, so a
thousand devices share a few threads. ``versions()`` says what each device holds, for tests and benchmarks.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from edge_agent.forms_library.cache import LibraryCache
from edge_agent.forms_library.sync import sync
from edge_agent.mqtt_session import DeviceSession
from wire import Channel, Decoded, Payload, new_message_id
from wire.enums import CommandStatus
from wire.payloads.device import CommandAck
from wire.payloads.forms import FormsChanged
from wire.payloads.requests import RequestError

log = logging.getLogger(__name__)


class Offline(RuntimeError):
    pass


class SimDevice:
    """One simulated device's library side: its cache, its pending requests."""

    def __init__(self, owner: SimLibrary, device_id: str, cache: LibraryCache) -> None:
        self.owner = owner
        self.device_id = device_id
        self.cache = cache
        self.session: DeviceSession | None = None
        self._pending: dict[str, Future[Payload]] = {}
        self._lock = threading.Lock()
        self.syncs = 0
        self.synced = 0  # syncs that finished
        self.refused: list[str] = []

    # hooks: run on the loop thread, must not block
    def on_message(self, decoded: Decoded) -> None:
        channel = decoded.address.channel
        if channel is Channel.RESPONSE and decoded.envelope.corr:
            with self._lock:
                future = self._pending.pop(decoded.envelope.corr, None)
            if future is not None:
                future.set_result(decoded.body)
        elif channel is Channel.COMMAND and isinstance(decoded.body, FormsChanged):
            self.owner.pool.submit(self._run, decoded.envelope.id)

    def on_online(self, _session: int) -> None:
        self.owner.pool.submit(self._run, None)

    # on the pool
    def request(self, body: Payload) -> Payload:
        session = self.session
        if session is None:
            raise Offline(self.device_id)
        msg_id = new_message_id()
        future: Future[Payload] = Future()
        with self._lock:
            self._pending[msg_id] = future
        try:
            if session.publish(body, msg_id=msg_id) is None:
                raise Offline(f"{self.device_id} is offline")
            answer = future.result(timeout=self.owner.request_timeout)
        finally:
            with self._lock:
                self._pending.pop(msg_id, None)
        if isinstance(answer, RequestError):
            raise RuntimeError(f"hub refused {answer.request}: {answer.code} {answer.message}")
        return answer

    def emit(self, body: Payload) -> None:
        session = self.session
        assert session is not None
        session.outbox.add(body)
        session.wake()

    def _run(self, command_id: str | None) -> None:
        try:
            with self._lock:
                self.syncs += 1
            result = sync(self.cache, self.request, self.emit)
            self.refused = result.refused
            self.synced += 1
            status, detail = CommandStatus.DONE, f"revision {result.revision}"
        except Exception as exc:  # offline or a slow hub: the next connect syncs again
            log.info("%s: forms sync failed: %s", self.device_id, exc)
            status, detail = CommandStatus.FAILED, str(exc)[:500]
        if command_id is not None and self.session is not None:
            self.session.publish(
                CommandAck(command="forms.changed", status=status, detail=detail), corr=command_id
            )
        self.owner.changed()


class SimLibrary:
    def __init__(self, directory: Path, *, workers: int = 16, request_timeout: float = 30.0) -> None:
        self.directory = directory
        self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="onestop-fleet-forms")
        self.request_timeout = request_timeout
        self.devices: dict[str, SimDevice] = {}
        self._changed = threading.Condition()

    def device(self, device_id: str) -> SimDevice:
        dev = SimDevice(self, device_id, LibraryCache(self.directory / device_id))
        self.devices[device_id] = dev
        return dev

    def changed(self) -> None:
        with self._changed:
            self._changed.notify_all()

    def holding(self, form: str, version: int) -> int:
        """How many devices hold ``form`` at ``version`` or newer."""
        count = 0
        for dev in self.devices.values():
            held = dev.cache.held(form)
            if held is not None and held.entry.version >= version:
                count += 1
        return count

    def wait_holding(self, form: str, version: int, count: int, timeout: float) -> int:
        """Block until ``count`` devices hold the version (or the timeout); returns how many do."""
        import time

        deadline = time.monotonic() + timeout
        with self._changed:
            while (have := self.holding(form, version)) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    return have
                self._changed.wait(min(left, 0.5))
        return have

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)
