"""A virtual smart card for pcscd's vpcd reader: connects to vpcd and serves a ``MoicaApplet``.

The vsmartcard vpcd driver (inside pcscd) listens on a TCP port; the card connects to it as a client,
which pcscd sees as a card inserted; closing the connection is a card removal. Every message, both
ways, is a 2-byte big-endian length then the payload. From vpcd, a 1-byte payload is a control code
(0 power off, 1 power on, 2 reset, 4 get ATR: the card answers with its ATR); anything longer is a
command APDU, answered with a response APDU.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import struct
import threading
import time

from onestop.dev.card_applet import MoicaApplet, build_atr

log = logging.getLogger(__name__)

CTRL_POWER_OFF = 0
CTRL_POWER_ON = 1
CTRL_RESET = 2
CTRL_GET_ATR = 4


class VpcdClosed(ConnectionError):
    """vpcd closed the connection (pcscd stopped, or the card was removed)."""


def _recv_exact(sock: socket.socket, n: int) -> bytes:
    buf = b""
    while len(buf) < n:
        # vpcd writes the length and the APDU separately (Nagle on its side): acknowledge at once, or
        # every APDU waits for our delayed ACK (~40 ms).
        with contextlib.suppress(OSError, AttributeError):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)
        chunk = sock.recv(n - len(buf))
        if not chunk:
            raise VpcdClosed("vpcd closed the connection")
        buf += chunk
    return buf


def recv_message(sock: socket.socket) -> bytes:
    (length,) = struct.unpack(">H", _recv_exact(sock, 2))
    return _recv_exact(sock, length)


def send_message(sock: socket.socket, payload: bytes) -> None:
    sock.sendall(struct.pack(">H", len(payload)) + payload)


class VirtualCard:
    """One card for one vpcd reader slot. ``insert()`` connects and serves in a thread; ``remove()`` pulls it.

    ``pull_on_ins(ins)`` makes the card vanish when the next command with that instruction byte arrives,
    before answering it: a card pulled out mid-command.
    """

    def __init__(
        self, applet: MoicaApplet, port: int, host: str = "127.0.0.1", atr: bytes | None = None
    ) -> None:
        self.applet = applet
        self.host = host
        self.port = port
        self.atr = atr or build_atr()
        self._sock: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self._pull_ins: int | None = None
        self._lock = threading.Lock()
        self.apdu_count = 0

    @property
    def inserted(self) -> bool:
        return self._sock is not None

    def insert(self, timeout: float = 10.0) -> None:
        """Connect to vpcd (retrying until ``timeout``) and start answering in a background thread."""
        if self.inserted:
            return
        deadline = time.monotonic() + timeout
        while True:
            try:
                sock = socket.create_connection((self.host, self.port), timeout=1.0)
                break
            except OSError as exc:
                if time.monotonic() >= deadline:
                    raise ConnectionError(
                        f"no vpcd reader listens on {self.host}:{self.port} (is pcscd running with it?)"
                    ) from exc
                time.sleep(0.05)
        sock.settimeout(None)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.applet.reset()
        with self._lock:
            self._sock = sock
        self._thread = threading.Thread(target=self._serve, args=(sock,), name="vpcd-card", daemon=True)
        self._thread.start()

    def remove(self) -> None:
        """Pull the card: close the connection; pcscd reports the card removed."""
        with self._lock:
            sock, self._sock = self._sock, None
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(2.0)
        self._thread = None

    def pull_on_ins(self, ins: int | None) -> None:
        self._pull_ins = ins

    def serve_forever(self) -> None:
        """Insert and block until vpcd goes away (the ``onestop dev card`` command)."""
        self.insert()
        if self._thread is not None:
            self._thread.join()

    def _serve(self, sock: socket.socket) -> None:
        try:
            while True:
                message = recv_message(sock)
                if len(message) == 1:
                    self._control(sock, message[0])
                    continue
                if self._pull_ins is not None and len(message) >= 2 and message[1] == self._pull_ins:
                    self._pull_ins = None
                    log.info("card pulled mid-command")
                    break
                self.apdu_count += 1
                send_message(sock, self.applet.process(message))
        except (VpcdClosed, OSError):
            pass
        finally:
            with self._lock:
                if self._sock is sock:
                    self._sock = None
            with contextlib.suppress(OSError):
                sock.close()

    def _control(self, sock: socket.socket, code: int) -> None:
        if code in (CTRL_POWER_OFF, CTRL_POWER_ON, CTRL_RESET):
            self.applet.reset()
        elif code == CTRL_GET_ATR:
            send_message(sock, self.atr)
        else:
            log.warning("vpcd sent unknown control code %d", code)
