"""Progress for technician commands: silent for quick steps, a ticking status line for anything over a second."""

from __future__ import annotations

import sys
import threading
import time
from types import TracebackType
from typing import TextIO

FRAMES = "|/-\\"


class Progress:
    """``with Progress("Claiming kiosk-7"):`` shows ``Claiming kiosk-7 ... 3 s`` after 1 s, and the outcome.

    On a terminal the line is redrawn in place; otherwise one line every ``every`` seconds (logs stay short).
    """

    def __init__(
        self, label: str, *, stream: TextIO | None = None, after: float = 1.0, every: float = 5.0
    ) -> None:
        self.label = label
        self.stream = stream or sys.stderr
        self.after, self.every = after, every
        self.status = ""
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._shown = False
        self._t0 = 0.0

    def update(self, status: str) -> None:
        self.status = status

    def _tty(self) -> bool:
        return bool(getattr(self.stream, "isatty", lambda: False)())

    def _run(self) -> None:
        if self._stop.wait(self.after):
            return
        tick = 0
        last = 0.0
        while not self._stop.is_set():
            elapsed = time.monotonic() - self._t0
            text = f"{self.label} ... {elapsed:.0f} s" + (f" ({self.status})" if self.status else "")
            if self._tty():
                self.stream.write(f"\r{FRAMES[tick % 4]} {text}\033[K")
                self.stream.flush()
                self._shown = True
            elif elapsed - last >= self.every or not self._shown:
                self.stream.write(f"{text}\n")
                self.stream.flush()
                self._shown, last = True, elapsed
            tick += 1
            self._stop.wait(0.25)

    def __enter__(self) -> Progress:
        self._t0 = time.monotonic()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(2)
        elapsed = time.monotonic() - self._t0
        if self._shown:
            outcome = "failed" if exc_type is not None else "done"
            end = "\r" if self._tty() else ""
            self.stream.write(
                f"{end}{self.label} ... {outcome} after {elapsed:.1f} s\033[K\n"
                if self._tty()
                else f"{self.label} ... {outcome} after {elapsed:.1f} s\n"
            )
            self.stream.flush()
