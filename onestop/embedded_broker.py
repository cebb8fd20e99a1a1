"""The demo's embedded MQTT broker: amqtt in a background thread, on a loopback port chosen at start.

amqtt speaks MQTT 3.1.1 and does not enforce keep-alive, so a silently lost link produces no last will;
production and the tests use Mosquitto (onestop.processes.Mosquitto).
"""

from __future__ import annotations

import asyncio
import logging
import threading
from typing import Any

from onestop.processes import free_port

log = logging.getLogger(__name__)


class EmbeddedBroker:
    """Start with ``start()``, stop with ``stop()``; ``url`` is ``mqtt://127.0.0.1:<port>``."""

    def __init__(self, port: int | None = None) -> None:
        self.port = port or free_port()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._broker: Any = None
        self._ready = threading.Event()
        self._error: BaseException | None = None

    @property
    def url(self) -> str:
        return f"mqtt://127.0.0.1:{self.port}"

    def start(self) -> EmbeddedBroker:
        self._thread = threading.Thread(target=self._run, name="embedded-broker", daemon=True)
        self._thread.start()
        self._ready.wait(15)
        if self._error is not None:
            raise RuntimeError(f"the embedded MQTT broker did not start: {self._error}") from self._error
        return self

    def _run(self) -> None:
        from amqtt.broker import Broker

        # amqtt logs every connection at INFO; keep the demo's console readable.
        for name in ("amqtt", "transitions"):
            logging.getLogger(name).setLevel(logging.WARNING)
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        self._loop = loop
        config = {
            "listeners": {"default": {"type": "tcp", "bind": f"127.0.0.1:{self.port}"}},
            "plugins": {"amqtt.plugins.authentication.AnonymousAuthPlugin": {"allow_anonymous": True}},
        }
        try:
            self._broker = Broker(config, loop=loop)
            loop.run_until_complete(self._broker.start())
        except BaseException as exc:  # reported to start(), which raises it
            self._error = exc
            self._ready.set()
            return
        self._ready.set()
        loop.run_forever()
        loop.run_until_complete(self._broker.shutdown())
        loop.close()

    def stop(self) -> None:
        if self._loop is not None and self._thread is not None and self._thread.is_alive():
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(10)
