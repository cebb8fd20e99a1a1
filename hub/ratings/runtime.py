"""The ratings feature inside one hub process: the alarm bus, the HubLink it sends keypad commands with,
and "after COMMIT" hooks so nothing is announced or commanded for a transaction that rolled back."""

from __future__ import annotations

import logging
import queue
import threading
from typing import Any, Protocol

from hub.core.live import LiveBus
from hub.ratings.alarm_rules import ShareRule
from wire import Payload

log = logging.getLogger(__name__)


class CommandLink(Protocol):
    """What the ratings feature needs of ``hub.ingest.publisher.HubLink``."""

    @property
    def connected(self) -> bool: ...

    def send_command(self, site: str, device: str, body: Payload) -> str: ...


class RatingsRuntime:
    """Commands go out from one worker thread so neither ingest nor an HTTP request waits on the broker."""

    def __init__(self) -> None:
        self.bus: LiveBus[dict[str, Any]] = LiveBus()
        self.link: CommandLink | None = None
        self.rule = ShareRule()  # the share-of-negative rule, from the hub's Settings once bound
        self.trace = False  # Settings.trace_latency: live alarms carry the moments they passed the hub
        self.sent: list[tuple[str, str, Payload]] = []  # last commands sent (for the health view and tests)
        self.failed = 0
        self._commands: queue.SimpleQueue[tuple[str, str, Payload]] = queue.SimpleQueue()
        self._worker: threading.Thread | None = None
        self._lock = threading.Lock()

    def bind(self, link: CommandLink | None) -> None:
        self.link = link

    def command(self, site: str, device: str, body: Payload) -> None:
        """Queue a command for the device (sent in order by the worker)."""
        with self._lock:
            if self._worker is None or not self._worker.is_alive():
                self._worker = threading.Thread(target=self._work, name="ratings-commands", daemon=True)
                self._worker.start()
        self._commands.put((site, device, body))

    def _work(self) -> None:
        while True:
            site, device, body = self._commands.get()
            link = self.link
            if link is None or not link.connected:
                self.failed += 1
                log.warning("%s for %s/%s not sent: the hub has no broker link", body.TYPE, site, device)
                continue
            try:
                link.send_command(site, device, body)
            except Exception:
                self.failed += 1
                log.exception("%s for %s/%s not sent", body.TYPE, site, device)
                continue
            self.sent = [*self.sent[-99:], (site, device, body)]


RUNTIME = RatingsRuntime()
