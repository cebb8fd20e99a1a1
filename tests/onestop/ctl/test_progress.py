"""Progress: silent for quick steps, a status line for slow ones, and the outcome at the end."""

import io
import time

import pytest

from onestop.ctl.progress import Progress


def test_quick_step_prints_nothing():
    out = io.StringIO()
    with Progress("Claiming", stream=out):
        pass
    assert out.getvalue() == ""


def test_default_threshold_is_one_second():
    assert Progress("x").after == 1.0


def test_slow_step_shows_status_and_outcome():
    out = io.StringIO()
    with Progress("Waiting for kiosk-7", stream=out, after=0.1) as progress:
        progress.update("offline")
        time.sleep(0.4)
    text = out.getvalue()
    assert "Waiting for kiosk-7 ... 0 s (offline)" in text
    assert text.rstrip().endswith("s") and "done after 0." in text


def test_failure_is_reported_as_failed():
    out = io.StringIO()
    with pytest.raises(RuntimeError), Progress("Claiming", stream=out, after=0.05):
        time.sleep(0.2)
        raise RuntimeError("boom")
    assert "Claiming ... failed after" in out.getvalue()
