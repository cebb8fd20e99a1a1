"""socat pseudo-terminal pairs for serial devices in the demo and tests, started and stopped by PID.

``PtyPair(dir, "printer")`` gives two stable symlinks, ``host`` (what the agent opens as its serial port)
and ``device`` (where an emulator sits). ``stop()`` is unplugging the cable; ``start()`` plugs it back in
at the same paths.
"""

from __future__ import annotations

import os
import select
import shutil
import signal
import subprocess
import termios
import threading
import time
import tty
from collections.abc import Callable
from pathlib import Path


class PtyPair:
    def __init__(self, directory: Path, name: str) -> None:
        binary = shutil.which("socat")
        if binary is None:
            raise FileNotFoundError("socat is not installed: run scripts/setup")
        self.binary = binary
        directory.mkdir(parents=True, exist_ok=True)
        self.host = directory / f"{name}-host"
        self.device = directory / f"{name}-device"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 5.0) -> PtyPair:
        if self.proc is not None and self.proc.poll() is None:
            return self
        for link in (self.host, self.device):
            link.unlink(missing_ok=True)
        self.proc = subprocess.Popen(
            [
                self.binary,
                f"pty,raw,echo=0,link={self.host}",
                f"pty,raw,echo=0,link={self.device}",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + timeout
        while not (self.host.exists() and self.device.exists()):
            if self.proc.poll() is not None:
                raise RuntimeError(f"socat exited with {self.proc.returncode} creating {self.host}")
            if time.monotonic() > deadline:
                self.stop()
                raise TimeoutError(f"socat did not create {self.host} within {timeout} s")
            time.sleep(0.01)
        return self

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self) -> None:
        """Kill this pair's socat (by its PID only); both ends disappear like an unplugged cable."""
        if self.proc is None:
            return
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                os.kill(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.proc = None
        for link in (self.host, self.device):
            link.unlink(missing_ok=True)

    def openers(self, end: str = "host") -> list[str]:
        """Who has one end open besides this pair's socat, as "pid 123 (name)": a test that loses bytes on
        the line says whether a second reader was there (read from /proc, best effort)."""
        try:
            target = os.path.realpath(self.host if end == "host" else self.device)
        except OSError:
            return []
        socat = self.proc.pid if self.proc is not None else -1
        found = []
        for proc in Path("/proc").iterdir():
            if not proc.name.isdigit() or int(proc.name) == socat:
                continue
            try:
                fds = list((proc / "fd").iterdir())
            except OSError:
                continue
            held = sum(1 for fd in fds if _link(fd) == target)
            try:
                name = (proc / "comm").read_text().strip() if held else ""
            except OSError:
                continue
            if held:
                found.append(f"pid {proc.name} ({name})" + (f" x{held}" if held > 1 else ""))
        return found

    def __enter__(self) -> PtyPair:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _link(path: Path) -> str:
    try:
        return os.readlink(path)
    except OSError:  # closed since it was listed
        return ""


def open_raw(path: Path | str) -> int:
    """Open one end of a pty as a raw serial line (what an emulated device does)."""
    fd = os.open(str(path), os.O_RDWR | os.O_NOCTTY)
    tty.setraw(fd, termios.TCSANOW)
    return fd


def pump(fd: int, handle: Callable[[bytes], None], stop: threading.Event, wake: int | None = None) -> None:
    """Feed what arrives on ``fd`` to ``handle`` until ``stop`` or the line goes away; closes ``fd``.

    With ``wake`` (the read end of a pipe the owner writes to after setting ``stop``) it sleeps until data or
    the wake-up instead of looking at ``stop`` 20 times a second."""
    watched = [fd] if wake is None else [fd, wake]
    try:
        while not stop.is_set():
            ready, _, _ = select.select(watched, [], [], 0.05 if wake is None else None)
            if fd not in ready:
                continue
            try:
                data = os.read(fd, 65536)
            except OSError:
                return  # the pty went away (socat stopped): the cable is unplugged
            if not data:
                return
            handle(data)
    finally:
        os.close(fd)
