"""Back-off: exponential ceiling, full jitter inside it, a floor, a cap and a reset."""

import random

import pytest

from edge_agent.backoff import Backoff


def test_ceiling_doubles_up_to_the_cap() -> None:
    backoff = Backoff(0.5, 8.0, rand=lambda: 1.0)
    assert [backoff.next_delay() for _ in range(7)] == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0, 8.0]


def test_full_jitter_draws_across_the_whole_window() -> None:
    """GIVEN a seeded random source WHEN many delays are drawn at the cap THEN they spread from min to max."""
    rng = random.Random(7)
    backoff = Backoff(1.0, 30.0, rand=rng.random)
    for _ in range(10):
        backoff.next_delay()
    delays = [backoff.next_delay() for _ in range(2000)]
    assert all(1.0 <= d <= 30.0 for d in delays)
    assert min(delays) < 2.0 and max(delays) > 29.0
    assert 13.0 < sum(delays) / len(delays) < 18.0  # uniform over [1, 30] has mean 15.5


def test_lowest_draw_is_the_floor_and_reset_starts_over() -> None:
    backoff = Backoff(0.25, 10.0, rand=lambda: 0.0)
    assert {backoff.next_delay() for _ in range(5)} == {0.25}
    assert backoff.attempt == 5
    backoff.reset()
    assert backoff.ceiling() == 0.25


def test_many_attempts_do_not_overflow() -> None:
    backoff = Backoff(0.5, 60.0, rand=lambda: 0.5)
    for _ in range(5000):
        delay = backoff.next_delay()
    assert delay == pytest.approx(30.25)


@pytest.mark.parametrize(("lo", "hi"), [(0, 1), (-1, 1), (5, 1)])
def test_bad_bounds_are_refused(lo: float, hi: float) -> None:
    with pytest.raises(ValueError, match="0 < min <= max"):
        Backoff(lo, hi)
