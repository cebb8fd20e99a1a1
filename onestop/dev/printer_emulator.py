"""A receipt printer on the far end of a serial line (socat pty): a PrinterMachine behind a file descriptor.

For the demo and integration tests: ``PrinterEmulator(pty.device).start()``; set ``machine.paper_rows`` /
``machine.cover_open`` to make trouble, read ``machine.complete_sheets`` to see what came out.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from edge_agent.devices.printer.machine import PrinterMachine
from onestop.dev.ptys import open_raw, pump


class PrinterEmulator:
    def __init__(self, device: Path | str, machine: PrinterMachine | None = None) -> None:
        self.device = str(device)
        self.machine = machine or PrinterMachine()
        self.lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> PrinterEmulator:
        fd = open_raw(self.device)
        self._stop.clear()
        self._thread = threading.Thread(target=pump, args=(fd, lambda data: self._on_data(fd, data), self._stop),
                                        name="printer-emulator", daemon=True)  # fmt: skip
        self._thread.start()
        return self

    def _on_data(self, fd: int, data: bytes) -> None:
        with self.lock:
            answer = self.machine.feed(data)
        if answer:
            os.write(fd, answer)

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
