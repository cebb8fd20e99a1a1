"""A rating keypad on the far end of a serial line (socat pty), speaking wire.keypad.

``KeypadEmulator(pty.device).start()`` says HELLO, answers PING with PONG, ACKs PROMPT/LED/BUZZ (and keeps
them in ``commands``), and ``press(key)`` sends a KEY frame as a citizen's press would.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from onestop.dev.ptys import open_raw, pump
from wire.keypad import Frame, LineBuffer, ProtocolError, Verb, decode, encode


class KeypadEmulator:
    def __init__(self, device: Path | str, firmware: str = "emu-1.0") -> None:
        self.device = str(device)
        self.firmware = firmware
        self.commands: list[Frame] = []
        self.seq = 0
        self.led: tuple[str, str] = ("green", "off")
        self.refuse = False  # answer NAK instead of ACK
        self.silent = False  # stop answering PING (a hung keypad)
        self._fd: int | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._write_lock = threading.Lock()
        self._wake: tuple[int, int] | None = None

    def start(self) -> KeypadEmulator:
        self._fd = open_raw(self.device)
        self._stop.clear()
        self._wake = os.pipe()  # stop() writes here: the reader sleeps until a frame or this, no polling
        self._thread = threading.Thread(target=self._serve, name="keypad-emulator", daemon=True)
        self._thread.start()
        self._send(encode(Verb.HELLO, self.firmware))
        return self

    def press(self, key: int) -> None:
        self.seq = (self.seq + 1) % 256
        self._send(encode(Verb.KEY, key, self.seq))

    def resend_last(self) -> None:
        """The same KEY line again (a retransmission after line noise)."""
        self._send(encode(Verb.KEY, self._last_key, self.seq))

    _last_key = 1

    def _send(self, frame: bytes) -> None:
        if frame.startswith(b"KEY "):
            self._last_key = int(frame.split(b" ")[1])
        with self._write_lock:
            if self._fd is not None:
                os.write(self._fd, frame)

    def _serve(self) -> None:
        lines = LineBuffer()
        fd = self._fd
        assert fd is not None

        def on_data(data: bytes) -> None:
            for line in lines.feed(data):
                try:
                    self._handle(decode(line))
                except ProtocolError:
                    continue

        try:
            pump(fd, on_data, self._stop, self._wake[0])
        finally:
            with self._write_lock:
                self._fd = None

    def _handle(self, frame: Frame) -> None:
        if frame.verb is Verb.PING:
            if not self.silent:
                self._send(encode(Verb.PONG))
            return
        if frame.verb in (Verb.PROMPT, Verb.LED, Verb.BUZZ):
            self.commands.append(frame)
            if frame.verb is Verb.LED:
                self.led = (frame.args[1], frame.args[2])
            if self.refuse:
                self._send(encode(Verb.NAK, frame.args[0], "refused"))
            else:
                self._send(encode(Verb.ACK, frame.args[0]))

    def stop(self) -> None:
        self._stop.set()
        wake = self._wake
        if wake is not None:
            os.write(wake[1], b"x")
        if self._thread is not None:
            self._thread.join(timeout=5)
        if wake is not None and (self._thread is None or not self._thread.is_alive()):
            self._wake = None
            for end in wake:
                os.close(end)
