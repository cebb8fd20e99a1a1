"""NetLoop scheduling: timers in order, cancel, calls from other threads, a failing callback is survived."""

import threading
from concurrent.futures import Future

from edge_agent.netloop import NetLoop
from onestop.dev.waiting import wait_until


def test_timers_run_in_order_and_cancelled_ones_do_not() -> None:
    loop = NetLoop().start()
    ran: list[str] = []
    done = threading.Event()
    try:

        def schedule() -> None:
            loop.call_later(0.10, ran.append, "late")
            loop.call_later(0.02, ran.append, "early")
            loop.call_later(0.05, ran.append, "cancelled").cancel()
            loop.call_later(0.15, done.set)

        loop.call_soon_threadsafe(schedule)
        assert done.wait(3)
        assert ran == ["early", "late"]
    finally:
        loop.stop()


def test_calls_from_many_threads_all_run_on_the_loop_thread() -> None:
    loop = NetLoop().start()
    seen: list[bool] = []
    lock = threading.Lock()

    def record() -> None:
        with lock:
            seen.append(loop.in_loop_thread())

    try:
        threads = [
            threading.Thread(target=lambda: [loop.call_soon_threadsafe(record) for _ in range(100)])
            for _ in range(2)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wait_until(lambda: len(seen) >= 200, 3, "200 callbacks run")
        assert len(seen) == 200 and all(seen)
    finally:
        loop.stop()


def test_a_failing_callback_does_not_stop_the_loop() -> None:
    loop = NetLoop().start()
    after = threading.Event()
    try:
        loop.call_soon_threadsafe(lambda: 1 / 0)
        loop.call_soon_threadsafe(after.set)
        assert after.wait(3)
    finally:
        loop.stop()


def test_io_pool_result_comes_back_on_the_loop_thread() -> None:
    loop = NetLoop().start()
    got: list[tuple[int, bool]] = []
    done = threading.Event()
    try:

        def finish(future: Future[int]) -> None:
            got.append((future.result(), loop.in_loop_thread()))
            done.set()

        loop.run_io(lambda: 41 + 1, finish)
        assert done.wait(3)
        assert got == [(42, True)]
    finally:
        loop.stop()
