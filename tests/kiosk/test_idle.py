"""Idle timeout: warning at 60 s, reset at 90 s, touches and "more time" restart the clock."""

import pytest

from kiosk.idle import IdlePhase, IdleTimer


def test_phases_at_the_documented_times() -> None:
    timer = IdleTimer(now=100.0)
    assert timer.status(159.9).phase is IdlePhase.ACTIVE
    warning = timer.status(160.0)
    assert warning.phase is IdlePhase.WARNING
    assert warning.seconds_left == pytest.approx(30.0)
    assert timer.status(190.0).phase is IdlePhase.EXPIRED


def test_more_time_restarts_the_clock() -> None:
    timer = IdleTimer(now=0.0)
    assert timer.status(70.0).phase is IdlePhase.WARNING
    timer.touch(70.0)
    assert timer.status(129.0).phase is IdlePhase.ACTIVE
    assert timer.status(160.0).phase is IdlePhase.EXPIRED


def test_refuses_less_than_twenty_seconds_to_answer() -> None:
    with pytest.raises(ValueError, match="at least 20 s"):
        IdleTimer(60, 75)
