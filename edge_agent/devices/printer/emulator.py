"""A receipt printer on the far end of a serial line (socat pty): a PrinterMachine behind a file descriptor.

For the demo and integration tests: ``PrinterEmulator(pty.device).start()``; set ``machine.paper_rows`` /
``machine.cover_open`` to make trouble, read ``machine.complete_sheets`` to see what came out.
"""

from __future__ import annotations

import os
import select
import termios
import threading
import tty
from pathlib import Path

from edge_agent.devices.printer.machine import PrinterMachine


class PrinterEmulator:
    def __init__(self, device: Path | str, machine: PrinterMachine | None = None) -> None:
        self.device = str(device)
        self.machine = machine or PrinterMachine()
        self.lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> PrinterEmulator:
        fd = os.open(self.device, os.O_RDWR | os.O_NOCTTY)
        tty.setraw(fd, termios.TCSANOW)
        self._stop.clear()
        self._thread = threading.Thread(target=self._serve, args=(fd,), name="printer-emulator", daemon=True)
        self._thread.start()
        return self

    def _serve(self, fd: int) -> None:
        try:
            while not self._stop.is_set():
                ready, _, _ = select.select([fd], [], [], 0.05)
                if not ready:
                    continue
                try:
                    data = os.read(fd, 65536)
                except OSError:
                    return  # the pty went away (socat stopped): the cable is unplugged
                if not data:
                    return
                with self.lock:
                    answer = self.machine.feed(data)
                if answer:
                    os.write(fd, answer)
        finally:
            os.close(fd)

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
