"""What ``onestop demo`` calls: without a display the real app renders its welcome screen offscreen."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from kiosk.headless import Xvfb
from kiosk.launch import kiosk_command, show_kiosk
from onestop.dev.fake_agent import FakeAgent
from onestop.dev.fake_agent_http import FakeAgentServer


@pytest.mark.skipif(not Xvfb.available(), reason="Xvfb is not installed")
def test_without_a_display_a_welcome_screenshot_is_written(tmp_path: Path) -> None:
    agent = FakeAgent()
    with FakeAgentServer(agent) as url:
        shown = show_kiosk(url, screenshot_dir=tmp_path, display="")
    assert shown.process is None and shown.screenshot == tmp_path / "kiosk-welcome.png"
    image = Image.open(shown.screenshot).convert("RGB")
    assert image.size == (1280, 800)
    colours = image.getcolors(maxcolors=1_000_000)
    assert colours is not None and len(colours) > 50  # text was drawn, not a blank or black frame
    assert "GET /v1/card" in agent.calls  # the real app asked the agent for the card state


def test_window_command_runs_this_python_with_the_agent_url() -> None:
    import sys

    command = kiosk_command("http://127.0.0.1:8470", "--fullscreen")
    assert command == [sys.executable, "-m", "kiosk", "--agent-url", "http://127.0.0.1:8470", "--fullscreen"]
