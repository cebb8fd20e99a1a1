"""Starting the kiosk from other programs (``onestop demo``) without importing Kivy into them."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class KioskShown:
    """Either a window process (where there is a display) or the path of a welcome-screen screenshot."""

    process: subprocess.Popen[bytes] | None = None
    screenshot: Path | None = None


def kiosk_command(agent_url: str, *extra: str) -> list[str]:
    return [sys.executable, "-m", "kiosk", "--agent-url", agent_url, *extra]


def show_kiosk(
    agent_url: str,
    *,
    screenshot_dir: Path,
    technician_code: str = "",
    display: str | None = None,
    timeout: float = 120.0,
) -> KioskShown:
    """Show the kiosk for the agent at ``agent_url``.

    With a display (``display`` or $DISPLAY) the kiosk window is started as a child process the caller
    stops with ``process.terminate()``. Without one, the real app renders its welcome screen on a private
    Xvfb, writes ``screenshot_dir/kiosk-welcome.png`` and exits; that path is returned.
    """
    extra = ["--technician-code", technician_code] if technician_code else []
    display = display if display is not None else os.environ.get("DISPLAY")
    if display:
        env = {**os.environ, "DISPLAY": display}
        return KioskShown(process=subprocess.Popen(kiosk_command(agent_url, *extra), env=env))
    path = Path(screenshot_dir) / "kiosk-welcome.png"
    env = {k: v for k, v in os.environ.items() if k != "DISPLAY"}
    subprocess.run(
        kiosk_command(agent_url, *extra, "--screenshot", str(path)), env=env, check=True, timeout=timeout
    )
    return KioskShown(screenshot=path)
