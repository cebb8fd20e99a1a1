"""Run some work once per new MQTT session of the agent (config sync, forms library sync), retrying while it
fails, on a component's own thread."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from edge_agent.agent import Agent

log = logging.getLogger(__name__)


class SessionWatcher:
    """``start(agent)``: whenever the agent is online in a session ``work`` has not yet succeeded in, run it;
    a failure (offline again, the hub slow) is logged and tried again a second later. ``stop()`` ends it."""

    def __init__(self, what: str, work: Callable[[], object], thread_name: str) -> None:
        self.what, self.work, self.thread_name = what, work, thread_name
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._agent: Agent | None = None

    def start(self, agent: Agent) -> None:
        self._agent = agent
        self._thread = threading.Thread(target=self._run, name=self.thread_name, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5)

    def _run(self) -> None:
        done: int | None = None
        while not self._stop.wait(0.2):
            agent = self._agent
            if agent is None or not agent.session.online or agent.session.session == done:
                continue
            try:
                log.info("%s: %s", self.what, self.work())
                done = agent.session.session
            except Exception as exc:
                log.info("%s failed, will retry: %s", self.what, exc)
                self._stop.wait(1.0)
