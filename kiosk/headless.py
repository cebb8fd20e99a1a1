"""Running Kivy without a screen: a private Xvfb display (started and stopped by PID) and Kivy's environment."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path


def prepare_kivy_env(home: Path | None = None) -> None:
    """Must run before the first ``import kivy``: no argv parsing, no console noise, a private KIVY_HOME."""
    os.environ.setdefault("KIVY_NO_ARGS", "1")
    os.environ.setdefault("KIVY_NO_CONSOLELOG", "1")
    os.environ.setdefault("KIVY_NO_FILELOG", "1")
    os.environ.setdefault("KIVY_LOG_MODE", "PYTHON")
    if "KIVY_HOME" not in os.environ:
        path = home or Path(tempfile.gettempdir()) / f"onestop-kivy-{os.getuid()}"
        path.mkdir(parents=True, exist_ok=True)
        os.environ["KIVY_HOME"] = str(path)


def _free_display() -> int:
    for number in range(90, 400):
        if not Path(f"/tmp/.X{number}-lock").exists() and not Path(f"/tmp/.X11-unix/X{number}").exists():
            return number
    raise RuntimeError("no free X display number between :90 and :399")


class Xvfb:
    """``with Xvfb() as display:`` a virtual 1920×1080 screen for real GL rendering (Mesa) under Kivy."""

    def __init__(self, size: tuple[int, int] = (1920, 1080)) -> None:
        self.size = size
        self.display = ""
        self.process: subprocess.Popen[bytes] | None = None

    @staticmethod
    def available() -> bool:
        return shutil.which("Xvfb") is not None

    def start(self) -> str:
        if not self.available():
            raise RuntimeError("Xvfb is not installed: apt-get install -y xvfb")
        for _attempt in range(5):
            number = _free_display()
            self.process = subprocess.Popen(
                ["Xvfb", f":{number}", "-screen", "0", f"{self.size[0]}x{self.size[1]}x24", "-nolisten", "tcp"],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )  # fmt: skip
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and self.process.poll() is None:
                if Path(f"/tmp/.X11-unix/X{number}").exists():
                    self.display = f":{number}"
                    return self.display
                time.sleep(0.05)
            self.stop()  # lost a race for that number, or it failed: try the next
        raise RuntimeError("Xvfb did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            self.process = None

    def __enter__(self) -> str:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
