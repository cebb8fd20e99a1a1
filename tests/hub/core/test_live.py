"""``after_commit`` runs only for what was committed; ``LiveBus`` feeds every subscriber, bounded."""

from __future__ import annotations

import asyncio

from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session, sessionmaker

from hub.core.live import LiveBus, after_commit


def _sessions() -> sessionmaker[Session]:
    return sessionmaker(create_engine("sqlite://"))


def test_actions_run_after_commit_and_are_forgotten_on_rollback() -> None:
    ran: list[str] = []
    with _sessions()() as s:
        with s.begin():
            after_commit(s, lambda: ran.append("rolled back"))
            s.rollback()
        with s.begin():
            after_commit(s, lambda: ran.append("committed"))
            assert ran == []  # not before the commit
    assert ran == ["committed"]


def test_an_action_inside_a_rolled_back_savepoint_is_forgotten() -> None:
    """GIVEN an ingest-like batch WHEN one handler's savepoint rolls back THEN only the others' actions run."""
    ran: list[str] = []
    with _sessions()() as s, s.begin():
        s.execute(text("SELECT 1"))
        after_commit(s, lambda: ran.append("before"))
        savepoint = s.begin_nested()
        after_commit(s, lambda: ran.append("failed handler"))
        savepoint.rollback()
        with s.begin_nested():
            after_commit(s, lambda: ran.append("good handler"))
    assert ran == ["before", "good handler"]


def test_a_failing_action_does_not_stop_the_others() -> None:
    ran: list[str] = []
    with _sessions()() as s, s.begin():
        after_commit(s, lambda: 1 / 0)  # type: ignore[func-returns-value]
        after_commit(s, lambda: ran.append("second"))
    assert ran == ["second"]


def test_the_bus_feeds_queues_and_callbacks_and_drops_the_oldest_when_full() -> None:
    bus: LiveBus[int] = LiveBus()
    heard: list[int] = []
    stop = bus.listen(heard.append)

    async def run() -> tuple[list[int], bool]:
        sub = bus.subscribe()
        sub.queue = asyncio.Queue(3)
        for n in range(5):
            bus.publish(n)
        await asyncio.sleep(0.05)
        got = [sub.queue.get_nowait() for _ in range(sub.queue.qsize())]
        sub.close()
        return got, sub.overflowed

    got, overflowed = asyncio.run(run())
    assert got == [2, 3, 4] and overflowed  # the stream learns it must re-read everything
    assert heard == [0, 1, 2, 3, 4]
    stop()
    bus.publish(9)
    assert heard == [0, 1, 2, 3, 4] and bus.subscribers == 0
