"""``onestop kiosk run --fake-agent``: the UI alone against the dev fake agent, which the kiosk app itself lacks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from kiosk.headless import Xvfb

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(not Xvfb.available(), reason="Xvfb is not installed")
def test_the_kiosk_runs_against_the_fake_agent_from_the_onestop_command(tmp_path: Path) -> None:
    shot = tmp_path / "welcome.png"
    env = {k: v for k, v in os.environ.items() if k != "DISPLAY"}
    proc = subprocess.run(
        [sys.executable, "-m", "onestop.cli", "kiosk", "run", "--fake-agent", "--screenshot", str(shot)],
        capture_output=True, text=True, cwd=ROOT, env={**env, "KIVY_NO_ARGS": "1"}, timeout=120, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.startswith("fake agent at http://127.0.0.1:")
    assert Image.open(shot).size == (1280, 800)


def test_the_kiosk_app_alone_has_no_fake_agent() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "kiosk", "--fake-agent"], capture_output=True, text=True, cwd=ROOT,
        env={**os.environ, "KIVY_NO_ARGS": "1"}, timeout=60, check=False,
    )  # fmt: skip
    assert proc.returncode == 2 and "--fake-agent" in proc.stderr
