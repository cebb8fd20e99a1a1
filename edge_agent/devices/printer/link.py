"""How the agent talks to a receipt printer: the port, a pyserial link, and an in-memory fake."""

from __future__ import annotations

import contextlib
import termios
from typing import Any, Protocol

from edge_agent.devices.errors import DeviceUnavailable
from edge_agent.devices.printer.escpos import STATUS_QUERIES, PrinterStatus, parse_status, status_query
from edge_agent.devices.printer.machine import PrinterMachine
from edge_agent.devices.serial_port import open_serial
from firmware_config.schema import DEFAULT_BAUDRATE


class PrinterLink(Protocol):
    def open(self) -> None: ...

    def close(self) -> None: ...

    def write(self, data: bytes) -> None: ...

    def status(self) -> PrinterStatus: ...


class SerialPrinterLink:
    """ESC/POS over a serial port (a USB-serial thermal printer, or a socat pty in the demo)."""

    def __init__(self, port: str, baudrate: int = DEFAULT_BAUDRATE, timeout: float = 1.0) -> None:
        self.port = port
        self.baudrate = baudrate
        self.timeout = timeout
        self._serial: Any = None

    def open(self) -> None:
        self.close()
        self._serial = open_serial(
            self.port, self.baudrate, what="printer", timeout=self.timeout, write_timeout=5
        )

    def close(self) -> None:
        ser, self._serial = self._serial, None
        if ser is not None:
            with contextlib.suppress(OSError, termios.error):
                ser.close()

    def _port(self) -> Any:
        if self._serial is None:
            raise DeviceUnavailable(f"printer port {self.port} is not open")
        return self._serial

    def write(self, data: bytes) -> None:
        import serial  # type: ignore[import-untyped]

        ser = self._port()
        try:
            ser.write(data)
            ser.flush()
        except (serial.SerialException, OSError, termios.error) as exc:
            self.close()
            raise DeviceUnavailable(f"printer at {self.port} stopped taking data: {exc}") from None

    def status(self) -> PrinterStatus:
        import serial

        ser = self._port()
        try:
            ser.reset_input_buffer()
            ser.write(b"".join(status_query(n) for n in STATUS_QUERIES))
            ser.flush()
            answer = ser.read(len(STATUS_QUERIES))
        except (serial.SerialException, OSError, termios.error) as exc:
            self.close()
            raise DeviceUnavailable(f"printer at {self.port} is gone: {exc}") from None
        if len(answer) != len(STATUS_QUERIES):
            raise DeviceUnavailable(
                f"printer at {self.port} does not answer status requests (off or offline)"
            )
        try:
            return parse_status(*answer)
        except ValueError as exc:
            raise DeviceUnavailable(f"printer at {self.port} answered garbage: {exc}") from None


class FakePrinterLink:
    """A link to an in-memory PrinterMachine; ``plugged = False`` makes it unavailable."""

    def __init__(self, machine: PrinterMachine | None = None) -> None:
        self.machine = machine or PrinterMachine()
        self.plugged = True
        self.is_open = False

    def open(self) -> None:
        if not self.plugged:
            raise DeviceUnavailable("fake printer is unplugged")
        self.is_open = True

    def close(self) -> None:
        self.is_open = False

    def write(self, data: bytes) -> None:
        if not (self.plugged and self.is_open):
            self.is_open = False
            raise DeviceUnavailable("fake printer is unplugged")
        self.machine.feed(data)

    def status(self) -> PrinterStatus:
        if not (self.plugged and self.is_open):
            self.is_open = False
            raise DeviceUnavailable("fake printer is unplugged")
        answer = self.machine.feed(b"".join(status_query(n) for n in STATUS_QUERIES))
        return parse_status(*answer)
