"""Run some work once per new MQTT session of the agent (config sync, forms library sync), retrying while it
fails; for a component's own thread."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from edge_agent.agent import Agent

log = logging.getLogger(__name__)


def watch_sessions(
    agent: Callable[[], Agent | None], stop: threading.Event, work: Callable[[], object], what: str
) -> None:
    """Until ``stop`` is set: whenever the agent is online in a session ``work`` has not yet succeeded in, run
    it; a failure (offline again, the hub slow) is logged and tried again a second later."""
    done: int | None = None
    while not stop.wait(0.2):
        current = agent()
        if current is None or not current.session.online or current.session.session == done:
            continue
        try:
            log.info("%s: %s", what, work())
            done = current.session.session
        except Exception as exc:
            log.info("%s failed, will retry: %s", what, exc)
            stop.wait(1.0)
