"""hub/background.py: periodic tasks survive failing rounds, the runner starts in order and stops in reverse."""

from __future__ import annotations

import threading
import types

import pytest

from hub.background import (
    BackgroundContext,
    BackgroundRunner,
    BackgroundStartError,
    Periodic,
    feature_tasks,
)
from hub.core.config import Settings


def _context() -> BackgroundContext:
    return BackgroundContext(Settings(db_url="sqlite://"), sessions=None)  # type: ignore[arg-type]


class Recorder:
    def __init__(self, name: str, log: list[str], fail: bool = False) -> None:
        self.name, self.log, self.fail = name, log, fail

    def start(self, context: BackgroundContext) -> None:
        if self.fail:
            raise OSError("port in use")
        self.log.append(f"start {self.name}")

    def stop(self) -> None:
        self.log.append(f"stop {self.name}")


def test_periodic_step_repeats_and_a_failing_round_is_retried() -> None:
    """GIVEN a step that fails on its first round WHEN the task runs THEN later rounds still happen."""
    calls: list[int] = []
    done = threading.Event()

    def step(ctx: BackgroundContext) -> None:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("database hiccup")
        if len(calls) >= 3:
            done.set()

    task = Periodic("t", step, lambda s: 0.01)
    task.start(_context())
    try:
        assert done.wait(5)
    finally:
        task.stop()
    count = len(calls)
    threading.Event().wait(0.05)
    assert len(calls) == count, "stopped task kept running"


def test_kick_runs_the_next_round_at_once() -> None:
    ran = threading.Event()
    rounds: list[int] = []

    def step(ctx: BackgroundContext) -> None:
        rounds.append(1)
        if len(rounds) == 2:
            ran.set()

    task = Periodic("slow", step, lambda s: 3600)
    task.start(_context())
    try:
        task.kick()
        assert ran.wait(5), "kick did not wake the task"
    finally:
        task.stop()


def test_turned_off_task_does_not_start() -> None:
    calls: list[int] = []
    task = Periodic("off", lambda ctx: calls.append(1), lambda s: 0.01, enabled=lambda s: False)
    task.start(_context())
    task.stop()
    assert calls == []


def test_runner_stops_in_reverse_and_a_failed_start_stops_what_started() -> None:
    log: list[str] = []
    runner = BackgroundRunner([Recorder("a", log), Recorder("b", log)]).start(_context())
    runner.stop()
    assert log == ["start a", "start b", "stop b", "stop a"]

    log.clear()
    runner = BackgroundRunner([Recorder("a", log), Recorder("bad", log, fail=True), Recorder("c", log)])
    with pytest.raises(BackgroundStartError, match="'bad' could not start: port in use"):
        runner.start(_context())
    assert log == ["start a", "stop a"]


def test_a_stop_that_fails_does_not_keep_the_others_running() -> None:
    log: list[str] = []

    class Broken(Recorder):
        def stop(self) -> None:
            raise RuntimeError("stuck")

    runner = BackgroundRunner([Recorder("a", log), Broken("b", log)]).start(_context())
    runner.stop()
    assert log == ["start a", "start b", "stop a"]


def test_feature_tasks_collects_and_rejects_junk() -> None:
    log: list[str] = []
    good = types.ModuleType("feat_good")
    good.background = (Recorder("x", log),)  # type: ignore[attr-defined]
    none = types.ModuleType("feat_none")
    assert [t.name for t in feature_tasks([good, none])] == ["x"]
    bad = types.ModuleType("feat_bad")
    bad.background = (object(),)  # type: ignore[attr-defined]
    with pytest.raises(TypeError, match=r"feat_bad\.background holds"):
        feature_tasks([bad])


def test_every_real_feature_task_is_typed() -> None:
    from hub.features import load_features

    names = [t.name for t in feature_tasks(load_features())]
    assert "notify-worker" in names
    assert len(names) == len(set(names)), "task names must be unique"
