"""Background work in one hub process: the ``BackgroundTask`` protocol features expose, and the runner
``onestop hub serve`` uses to start them after migrations and stop them (newest first) on SIGTERM."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import Any, Protocol, runtime_checkable

from sqlalchemy.orm import Session, sessionmaker

from hub.core.config import Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BackgroundContext:
    """What a task gets at start: the process's settings, database sessions, broker link and app state."""

    settings: Settings
    sessions: sessionmaker[Session]
    hub_link: Any = None  # hub.ingest.publisher.HubLink, or None when the hub has no broker link
    state: Any = None  # the FastAPI app's ``state`` (e.g. to publish a handle routes use)


@runtime_checkable
class BackgroundTask(Protocol):
    """A feature's background work. ``start`` returns promptly (spawn a thread); ``stop`` ends it and waits."""

    name: str

    def start(self, context: BackgroundContext) -> None: ...

    def stop(self) -> None: ...


class BackgroundStartError(RuntimeError):
    def __init__(self, name: str, cause: BaseException) -> None:
        super().__init__(f"background task {name!r} could not start: {cause}; the hub stops")
        self.name = name


class Periodic:
    """A task that calls ``step(context)`` every ``interval(settings)`` seconds on its own thread.

    A failing step is logged and retried next round; ``kick()`` runs the next step at once.
    """

    def __init__(
        self,
        name: str,
        step: Callable[[BackgroundContext], object],
        interval: Callable[[Settings], float],
        *,
        enabled: Callable[[Settings], bool] = lambda settings: True,
    ) -> None:
        self.name, self.step, self.interval, self.enabled = name, step, interval, enabled
        self.rounds = 0
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self, context: BackgroundContext) -> None:
        if not self.enabled(context.settings):
            log.info("background task %s is turned off", self.name)
            return
        period = self.interval(context.settings)
        self._stop.clear()
        self._thread = threading.Thread(
            target=self._run, args=(context, period), name=f"bg-{self.name}", daemon=True
        )
        self._thread.start()

    def kick(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=15)
            self._thread = None

    def _run(self, context: BackgroundContext, period: float) -> None:
        while not self._stop.is_set():
            try:
                self.step(context)
            except Exception:  # the task must outlive a database or broker hiccup; next round retries
                log.exception("background task %s: round failed", self.name)
            self.rounds += 1
            self._wake.wait(period)
            self._wake.clear()


def feature_tasks(modules: Iterable[ModuleType]) -> list[BackgroundTask]:
    """Every feature's ``background`` tasks, in feature order; TypeError names a module exposing junk."""
    tasks: list[BackgroundTask] = []
    for module in modules:
        declared: Sequence[object] = getattr(module, "background", ())
        for task in declared:
            if not isinstance(task, BackgroundTask):
                raise TypeError(
                    f"{module.__name__}.background holds {task!r}, which is not a BackgroundTask "
                    "(needs name, start(context), stop())"
                )
            tasks.append(task)
    return tasks


class BackgroundRunner:
    """Starts tasks in order and stops the started ones in reverse; a failed start stops what started."""

    def __init__(self, tasks: Sequence[BackgroundTask]) -> None:
        self.tasks = list(tasks)
        self.started: list[BackgroundTask] = []

    def start(self, context: BackgroundContext) -> BackgroundRunner:
        for task in self.tasks:
            try:
                task.start(context)
            except Exception as exc:
                self.stop()
                raise BackgroundStartError(task.name, exc) from exc
            self.started.append(task)
        return self

    def stop(self) -> None:
        while self.started:
            task = self.started.pop()
            try:
                task.stop()
            except Exception:  # one task's failure must not leave the others running
                log.exception("background task %s did not stop cleanly", task.name)

    def __enter__(self) -> BackgroundRunner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
