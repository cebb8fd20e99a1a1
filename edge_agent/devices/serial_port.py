"""Opening a device's serial port: exclusively, with errors a technician can act on.

Two programs reading one serial line each get part of every line (a keypad's ``KEY 4 6`` arrives as
``KEY`` in one and `` 4 6`` in the other, and both drop it as noise). So every component opens its port
with an exclusive lock (pyserial's ``exclusive``: ``flock``), and a port another program holds is refused
with that program named, instead of two readers silently sharing it.
"""

from __future__ import annotations

import os
import termios
from pathlib import Path
from typing import Any

from edge_agent.devices.errors import DeviceUnavailable

PORT_BUSY = "port_busy"


def open_serial(port: str, baudrate: int, *, what: str, **options: Any) -> Any:
    """A ``serial.Serial`` on ``port``, locked for this process; ``DeviceUnavailable`` if it cannot be had.

    ``what`` names the device in the message ("keypad", "printer", ...); ``options`` go to pyserial
    (timeouts)."""
    import serial  # type: ignore[import-untyped]

    try:
        return serial.Serial(port, baudrate, exclusive=True, **options)
    except (serial.SerialException, OSError, termios.error) as exc:
        if "exclusively lock" in str(exc):
            held_by = ", ".join(holders(port)) or "another program"
            raise DeviceUnavailable(
                f"{what} port {port} is in use by {held_by}: two programs on one serial line each get part "
                "of every line; stop the other one or give this device its own port",
                code=PORT_BUSY,
            ) from None
        raise DeviceUnavailable(f"{what} port {port} cannot be opened: {exc}") from None


def holders(port: str) -> list[str]:
    """Who holds ``port``'s lock, as "pid 123 (name)" or "this program (pid 123)": read from /proc/locks
    (best effort; empty when it cannot be told)."""
    try:
        st = os.stat(port)
        locks = Path("/proc/locks").read_text()
    except OSError:
        return []
    wanted = f"{os.major(st.st_dev):02x}:{os.minor(st.st_dev):02x}:{st.st_ino}"
    found: list[str] = []
    for line in locks.splitlines():
        fields = line.split()
        if len(fields) < 6 or fields[1] != "FLOCK" or fields[5] != wanted or not fields[4].isdigit():
            continue
        pid = int(fields[4])
        if pid == os.getpid():
            found.append(f"this program (pid {pid})")
            continue
        try:
            name = Path(f"/proc/{pid}/comm").read_text().strip()
        except OSError:
            name = "gone"
        found.append(f"pid {pid} ({name})")
    return found
