"""The counter's 2D barcode reader: a serial (USB-CDC) reader that sends each decoded code as a line.

Readers in serial mode end a read with CR (or CR LF); each non-empty line becomes a ``pickup.scanned`` event
for the hub with the counter's office. Runs on its own thread; an unplugged reader is reported and reopened with
backoff. The read text never reaches a log.
"""

from __future__ import annotations

import contextlib
import logging
import termios
import threading
from collections.abc import Callable
from typing import Any

from edge_agent.devices.errors import DeviceUnavailable
from edge_agent.devices.health import DeviceHealth
from edge_agent.devices.serial_port import PORT_BUSY, open_serial
from edge_agent.routes import ApiRequest, Route
from wire import Payload, now_ms
from wire.payloads.device import ComponentHealth
from wire.payloads.pickup import PickupScanned

log = logging.getLogger(__name__)
MAX_LINE = 200


class BarcodeReader:
    def __init__(self, port: str, office: str, *, name: str = "barcode", baudrate: int = 9600,
                 emit: Callable[[Payload], object] | None = None, backoff: tuple[float, float] = (0.2, 5.0)) -> None:  # fmt: skip
        self.name, self.port, self.office, self.baudrate = name, port, office, baudrate
        self._emit = emit
        self.backoff = backoff
        self._health = DeviceHealth.error("unavailable", f"barcode reader on {port} not opened yet")
        self._serial: Any = None
        self._stopped = threading.Event()
        self._thread: threading.Thread | None = None
        self.reads = 0
        self.dropped = 0

    def start(self, agent: object | None = None) -> None:
        if agent is not None:
            self._emit = agent.emit  # type: ignore[attr-defined]
        self._stopped.clear()
        self._thread = threading.Thread(target=self._run, name=f"{self.name}-reader", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stopped.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._close()

    def health(self) -> ComponentHealth:
        return self._health.to_wire()

    @property
    def device_health(self) -> DeviceHealth:
        return self._health

    def routes(self) -> list[Route]:
        def status(_: ApiRequest) -> dict[str, object]:
            h = self._health
            return {"state": h.state.value, "code": h.code, "reason": h.reason, "office": self.office,
                    "reads": self.reads, "dropped": self.dropped}  # fmt: skip

        return [Route("GET", f"/v1/{self.name}/status", status)]

    def on_line(self, raw: bytes) -> None:
        """One read: trimmed, ASCII-printable, at most MAX_LINE characters, else dropped (noise)."""
        text = raw.strip(b"\r\n\x00 ").decode("ascii", "replace")
        if not text or len(text) > MAX_LINE or not text.isprintable() or "\ufffd" in text:
            self.dropped += 1
            return
        self.reads += 1
        if self._emit is not None:
            self._emit(PickupScanned(text=text, office=self.office, read_at=now_ms()))

    # -- serial line -------------------------------------------------------------------------------
    def _open(self) -> None:
        self._serial = open_serial(self.port, self.baudrate, what="barcode reader", timeout=0.2)

    def _close(self) -> None:
        ser, self._serial = self._serial, None
        if ser is not None:
            with contextlib.suppress(OSError, termios.error):
                ser.close()

    def _read(self) -> bytes:
        import serial  # type: ignore[import-untyped]

        try:
            first = bytes(self._serial.read(1))
            waiting = self._serial.in_waiting if first else 0
            return first + bytes(self._serial.read(waiting)) if waiting else first
        except (serial.SerialException, OSError, termios.error, TypeError, AttributeError) as exc:
            raise DeviceUnavailable(f"barcode reader on {self.port} is gone: {exc}") from None

    def _run(self) -> None:
        delay = self.backoff[0]
        while not self._stopped.is_set():
            problem = DeviceHealth.error(
                "unavailable", f"barcode reader on {self.port} is unplugged: check its cable"
            )
            try:
                self._open()
                self._health = DeviceHealth.ok()
                delay = self.backoff[0]
                buffer = bytearray()
                while not self._stopped.is_set():
                    buffer += self._read().replace(b"\r", b"\n")
                    while (end := buffer.find(b"\n")) >= 0:
                        line, buffer = bytes(buffer[:end]), buffer[end + 1 :]
                        self.on_line(line)
                    if len(buffer) > MAX_LINE:
                        buffer.clear()
                        self.dropped += 1
            except DeviceUnavailable as exc:
                log.debug("%s: %s", self.name, exc)
                if exc.code == PORT_BUSY:  # not the cable: the message names who holds the port
                    problem = DeviceHealth.error(PORT_BUSY, str(exc))
            except Exception:  # never let a bug silence the reader: report, back off, go on
                log.exception("%s: reader failed", self.name)
            self._close()
            if self._stopped.is_set():
                return
            self._health = problem
            self._stopped.wait(delay)
            delay = min(delay * 2, self.backoff[1])
