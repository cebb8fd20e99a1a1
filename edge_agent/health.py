"""Watches components: polls health off the network thread, publishes tele/health, raises/clears alarms.

A component whose ``health()`` raises or hangs is reported as an error; it never holds up the others.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait

from edge_agent.components import Component, alarms_for
from wire import ComponentState
from wire.payloads.device import Alarm, ComponentHealth, Health

log = logging.getLogger(__name__)

POLL_INTERVAL = 1.0
#: A health() call still running after this long marks its component as not answering.
PROBE_TIMEOUT = 3.0


class HealthMonitor:
    """Keeps the latest health of every component and tells the agent about changes."""

    def __init__(
        self,
        components: Callable[[], list[Component]],
        publish: Callable[[Health], bool],
        emit_alarm: Callable[[Alarm], object],
        outbox_depth: Callable[[], int],
        interval: float,
    ) -> None:
        self._components = components
        self._publish = publish
        self._emit_alarm = emit_alarm
        self._outbox_depth = outbox_depth
        self._interval = interval
        self._current: dict[str, ComponentHealth] = {}
        self._overrides: dict[str, ComponentHealth] = {}
        self._probes: dict[str, tuple[Future[ComponentHealth], float]] = {}
        self._lock = threading.Lock()
        self._wakeup = threading.Event()
        self._force_publish = threading.Event()
        self._running = False
        self._pool = ThreadPoolExecutor(max_workers=8, thread_name_prefix="onestop-health")
        self._thread = threading.Thread(target=self._run, name="onestop-health", daemon=True)

    def start(self) -> None:
        self._running = True
        self._thread.start()

    def stop(self) -> None:
        self._running = False
        self._wakeup.set()
        if self._thread.is_alive():
            self._thread.join(5)
        self._pool.shutdown(wait=False, cancel_futures=True)

    def snapshot(self) -> dict[str, ComponentHealth]:
        with self._lock:
            return dict(self._current)

    def mark(self, name: str, health: ComponentHealth | None) -> None:
        """Pin a component's health (e.g. it failed to start) over what it reports; None unpins."""
        with self._lock:
            if health is None:
                self._overrides.pop(name, None)
            else:
                self._overrides[name] = health
        self.poke()

    def forget(self, name: str) -> None:
        """A component was taken out: drop its pinned health (a new one may take the name)."""
        with self._lock:
            self._overrides.pop(name, None)
        self.poke(publish=True)

    def poke(self, publish: bool = False) -> None:
        """Check again now (a component says its health changed); ``publish`` forces tele/health."""
        if publish:
            self._force_publish.set()
        self._wakeup.set()

    def check(self) -> dict[str, ComponentHealth]:
        """Poll every component once and act on changes; returns the new snapshot."""
        fresh = self._poll()
        with self._lock:
            previous = self._current
            fresh.update({k: v for k, v in self._overrides.items() if k in fresh})
            self._current = fresh
        for alarm in alarms_for(previous, fresh):
            try:
                self._emit_alarm(alarm)
            except Exception:
                log.exception("could not queue the %s alarm of %s", alarm.code, alarm.component)
        if fresh != previous:
            self._force_publish.set()
        return fresh

    def _poll(self) -> dict[str, ComponentHealth]:
        components = self._components()
        now = time.monotonic()
        for component in components:
            probe = self._probes.get(component.name)
            if probe is None or probe[0].done():
                self._probes[component.name] = (self._pool.submit(component.health), now)
        wait([f for f, _ in self._probes.values()], timeout=0.5)
        result = {}
        with self._lock:
            previous = dict(self._current)
        for component in components:
            future, started = self._probes[component.name]
            if future.done():
                result[component.name] = _outcome(component.name, future)
            elif time.monotonic() - started > PROBE_TIMEOUT:
                result[component.name] = ComponentHealth(
                    state=ComponentState.ERROR,
                    reason=f"{component.name} is not answering",
                    code="not_answering",
                )
            else:
                result[component.name] = previous.get(
                    component.name, ComponentHealth(state=ComponentState.OK)
                )
        return result

    def _run(self) -> None:
        next_periodic = 0.0
        while self._running:
            self.check()
            now = time.monotonic()
            if self._force_publish.is_set() or now >= next_periodic:
                self._force_publish.clear()
                body = Health(components=self.snapshot(), outbox=self._outbox_depth())
                if self._publish(body):
                    next_periodic = now + self._interval
                else:
                    self._force_publish.set()  # offline: publish as soon as we can
            self._wakeup.wait(POLL_INTERVAL)
            self._wakeup.clear()


def _outcome(name: str, future: Future[ComponentHealth]) -> ComponentHealth:
    try:
        health: object = future.result()
    except Exception as exc:
        log.warning("health check of %s failed: %s", name, exc)
        return ComponentHealth(state=ComponentState.ERROR, reason=f"health check failed: {exc}"[:500])
    if not isinstance(health, ComponentHealth):
        return ComponentHealth(state=ComponentState.ERROR, reason=f"{name} reported no valid health")
    return health
