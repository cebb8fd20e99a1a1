"""A device's serial port is opened exclusively: a second program on the same line is refused, named, and
nothing is split between two readers."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from edge_agent.devices.errors import DeviceUnavailable
from edge_agent.devices.serial_port import PORT_BUSY, open_serial
from onestop.dev.ptys import PtyPair

HOLD = """
import sys, serial
port = serial.Serial(sys.argv[1], 9600, exclusive=True)
print("held", flush=True)
sys.stdin.read()
"""


def test_a_port_another_program_holds_is_refused_with_that_program_named(pty_pair: PtyPair) -> None:
    other = subprocess.Popen([sys.executable, "-c", HOLD, str(pty_pair.host)], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True)  # fmt: skip
    try:
        assert other.stdout is not None and other.stdout.readline() == "held\n"
        with pytest.raises(DeviceUnavailable) as err:
            open_serial(str(pty_pair.host), 9600, what="keypad", timeout=0.1)
        assert err.value.code == PORT_BUSY
        assert f"keypad port {pty_pair.host} is in use by pid {other.pid} (python" in str(err.value)
    finally:
        other.communicate("")  # the other program lets go of the port and exits
    port = open_serial(str(pty_pair.host), 9600, what="keypad", timeout=0.1)  # free again
    port.close()


def test_a_second_open_in_the_same_process_is_refused_too(pty_pair: PtyPair) -> None:
    first = open_serial(str(pty_pair.host), 9600, what="printer", timeout=0.1)
    try:
        with pytest.raises(DeviceUnavailable) as err:
            open_serial(str(pty_pair.host), 9600, what="printer", timeout=0.1)
        assert err.value.code == PORT_BUSY
        assert f"printer port {pty_pair.host} is in use by this program (pid {os.getpid()})" in str(err.value)
    finally:
        first.close()


def test_a_missing_port_says_it_cannot_be_opened() -> None:
    with pytest.raises(DeviceUnavailable) as err:
        open_serial("/nonexistent/ttyUSB9", 9600, what="barcode reader")
    assert err.value.code == "unavailable"
    assert "barcode reader port /nonexistent/ttyUSB9 cannot be opened" in str(err.value)
