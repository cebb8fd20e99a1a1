"""The rating keypad component: reads presses from its serial line, sends hub commands, keeps a heartbeat.

Runs on its own thread; an unplugged keypad (port gone, or no PONG for two heartbeats) is reported and
reopened with backoff without blocking any other device.
"""

from __future__ import annotations

import contextlib
import logging
import termios
import threading
import time
from collections.abc import Callable
from typing import Any

from edge_agent.devices.errors import DeviceError, DeviceUnavailable
from edge_agent.devices.health import DeviceHealth
from edge_agent.devices.keypad.core import KeypadCore, KeypadSettings
from edge_agent.devices.serial_port import PORT_BUSY, open_serial
from edge_agent.routes import ApiError, ApiRequest, Route
from wire import Payload, now_ms
from wire.keypad import LineBuffer, ProtocolError, Verb, decode, encode
from wire.payloads.device import ComponentHealth
from wire.payloads.ratings import KeypadBuzzer, KeypadLed, KeypadPrompt

log = logging.getLogger(__name__)
COMMAND_TIMEOUT = 2.0
COMMANDS: dict[str, type[KeypadPrompt] | type[KeypadLed] | type[KeypadBuzzer]] = {
    KeypadPrompt.TYPE: KeypadPrompt,
    KeypadLed.TYPE: KeypadLed,
    KeypadBuzzer.TYPE: KeypadBuzzer,
}


class RatingKeypad:
    def __init__(
        self,
        port: str,
        settings: KeypadSettings,
        *,
        name: str = "keypad",
        baudrate: int = 9600,
        heartbeat: float = 10.0,
        emit: Callable[[Payload], object] | None = None,
        backoff: tuple[float, float] = (0.2, 5.0),
        clock: Callable[[], int] = now_ms,
    ) -> None:
        self.name = name
        self.port = port
        self.baudrate = baudrate
        self.heartbeat = heartbeat
        self.core = KeypadCore(settings)
        self._emit = emit
        self.backoff = backoff
        self._clock = clock
        self._health = DeviceHealth.error("unavailable", f"keypad on {port} not opened yet")
        self._serial: Any = None
        self._lock = threading.Lock()  # guards the core and writes
        self._acks: dict[int, tuple[threading.Event, list[str]]] = {}
        self._stopped = threading.Event()
        self._first_look = threading.Event()  # the reader has tried the port once since start()
        self._first_problem = ""
        self._thread: threading.Thread | None = None
        self.bad_frames = 0

    # -- component ---------------------------------------------------------------------------------
    def start(self, agent: object | None = None) -> None:
        if agent is not None:
            self._emit = agent.emit  # type: ignore[attr-defined]
            for type_name in COMMANDS:
                agent.on_command(type_name, self.handle_command)  # type: ignore[attr-defined]
        self._stopped.clear()
        self._first_look.clear()
        self._first_problem = ""
        self._thread = threading.Thread(target=self._run, name=f"{self.name}-reader", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stopped.set()
        ser = self._serial
        if ser is not None:  # end the reader's wait for a byte now rather than at its timeout
            with contextlib.suppress(Exception):
                ser.cancel_read()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._close()

    def health(self) -> ComponentHealth:
        return self._health.to_wire()

    def wait_started(self, timeout: float) -> str:
        """After ``start``: "" once the keypad's port opened, else why not (a new configuration is rolled back)."""
        if not self._first_look.wait(timeout):
            return f"keypad port {self.port} did not open within {timeout:g} s"
        return self._first_problem

    @property
    def device_health(self) -> DeviceHealth:
        return self._health

    def routes(self) -> list[Route]:
        def status(_: ApiRequest) -> dict[str, object]:
            h = self._health
            return {"state": h.state.value, "code": h.code, "reason": h.reason, "counter": self.core.settings.counter,
                    "firmware": self.core.firmware, "dropped_presses": self.core.dropped}  # fmt: skip

        def prompt(request: ApiRequest) -> dict[str, object]:
            body = request.parse(KeypadPrompt)
            try:
                self.send(body)
            except (DeviceError, ValueError) as exc:
                raise ApiError(503 if isinstance(exc, DeviceError) else 400, "keypad", str(exc)) from None
            return {"prompted": body.prompt}

        return [
            Route("GET", f"/v1/{self.name}/status", status),
            Route("POST", f"/v1/{self.name}/prompt", prompt),
        ]

    # -- commands ----------------------------------------------------------------------------------
    def handle_command(self, body: Payload) -> str | None:
        """Agent command handler for keypad.prompt / keypad.led / keypad.buzzer; raising fails the command."""
        if not isinstance(body, KeypadPrompt | KeypadLed | KeypadBuzzer):
            raise ValueError(f"{type(body).__name__} is not a keypad command")
        self.send(body)
        return f"keypad of counter {body.counter} acknowledged"

    def send(
        self, command: KeypadPrompt | KeypadLed | KeypadBuzzer, timeout: float = COMMAND_TIMEOUT
    ) -> None:
        """Send a command and wait for the keypad's ACK; DeviceError on NAK, silence or no keypad."""
        waiter = threading.Event()
        reply: list[str] = []
        with self._lock:
            number = self.core.command_number()
            frame = self.core.frame_for(command, number, self._clock())
            self._acks[number] = (waiter, reply)
            try:
                self._write(frame)
            except DeviceUnavailable:
                self._acks.pop(number, None)
                raise
        if not waiter.wait(timeout):
            with self._lock:
                self._acks.pop(number, None)
            raise DeviceError(
                f"keypad did not acknowledge {command.TYPE} within {timeout:g} s", code="no_ack"
            )
        if reply and reply[0] != "ACK":
            raise DeviceError(
                f"keypad refused {command.TYPE}: {reply[1] if len(reply) > 1 else ''}", code="nak"
            )

    # -- serial line -------------------------------------------------------------------------------
    def _open(self) -> None:
        self._serial = open_serial(
            self.port, self.baudrate, what="keypad", timeout=self._read_timeout(), write_timeout=2
        )

    def _read_timeout(self) -> float:
        """How long the reader waits for a byte before it looks at the heartbeat again. A press wakes it at
        once whatever this is, and ``stop`` cancels the wait: it was 0.1 s, ten idle wake-ups a second per
        keypad for nothing (with 20 keypads on one machine, 200 a second taking turns for the interpreter
        with the threads that carry a press, issue 19)."""
        return min(1.0, self.heartbeat / 4)

    def _close(self) -> None:
        ser, self._serial = self._serial, None
        if ser is not None:
            with contextlib.suppress(OSError, termios.error):
                ser.close()

    def _write(self, data: bytes) -> None:
        import serial  # type: ignore[import-untyped]

        if self._serial is None:
            raise DeviceUnavailable(f"keypad on {self.port} is not connected")
        try:
            self._serial.write(data)
        except (serial.SerialException, OSError, termios.error) as exc:
            raise DeviceUnavailable(f"keypad on {self.port} stopped taking data: {exc}") from None

    def _read(self) -> bytes:
        import serial

        try:
            # Wait (up to the port timeout) for the first byte only, then take what has arrived: read(256)
            # would sit out the whole timeout on every short line and delay each press by it.
            first = bytes(self._serial.read(1))
            waiting = self._serial.in_waiting if first else 0
            return first + bytes(self._serial.read(waiting)) if waiting else first
        except (serial.SerialException, OSError, termios.error, TypeError, AttributeError) as exc:
            raise DeviceUnavailable(f"keypad on {self.port} is gone: {exc}") from None

    def _set_health(self, health: DeviceHealth) -> None:
        if health != self._health:
            log.info("%s: %s %s", self.name, health.state.value, health.reason or "ok")
        self._health = health

    def _run(self) -> None:
        delay = self.backoff[0]
        while not self._stopped.is_set():
            problem = DeviceHealth.error(
                "unavailable", f"keypad on {self.port} does not answer: check its cable"
            )
            try:
                with self._lock:
                    self._open()
                self._first_look.set()
                delay = self.backoff[0]
                self._session()
            except DeviceUnavailable as exc:
                log.debug("%s: %s", self.name, exc)
                if exc.code == PORT_BUSY:  # not the cable: the message names who holds the port
                    problem = DeviceHealth.error(PORT_BUSY, str(exc))
                if not self._first_look.is_set():
                    self._first_problem = str(exc)
                    self._first_look.set()
            except Exception:  # never let a bug silence the keypad: report, back off, go on
                log.exception("%s: reader failed", self.name)
            with self._lock:
                self._close()
            if self._stopped.is_set():
                return
            self._set_health(problem)
            self._stopped.wait(delay)
            delay = min(delay * 2, self.backoff[1])

    def _session(self) -> None:
        lines = LineBuffer()
        last_pong = time.monotonic()
        next_ping = 0.0
        while not self._stopped.is_set():
            now = time.monotonic()
            if now >= next_ping:
                with self._lock:
                    self._write(encode(Verb.PING))
                next_ping = now + self.heartbeat
            if now - last_pong > 2 * self.heartbeat:
                raise DeviceUnavailable(f"keypad on {self.port} missed two heartbeats")
            for line in lines.feed(self._read()):
                try:
                    frame = decode(line)
                    if frame.verb in (Verb.PONG, Verb.HELLO):
                        last_pong = time.monotonic()
                        self._set_health(DeviceHealth.ok())
                    if frame.verb in (Verb.ACK, Verb.NAK):
                        self._resolve(frame.verb, frame.args)
                        continue
                    with self._lock:
                        event = self.core.on_frame(frame, self._clock())
                except ProtocolError as exc:
                    self.bad_frames += 1
                    log.debug("%s: dropped a bad frame %r: %s", self.name, line[:80], exc)
                    continue
                if event is not None and self._emit is not None:
                    self._emit(event)

    def _resolve(self, verb: Verb, args: tuple[str, ...]) -> None:
        number = int(args[0]) if args[0].isdigit() else -1
        with self._lock:
            waiter = self._acks.pop(number, None)
        if waiter is not None:
            waiter[1].extend([verb.value, *args[1:]])
            waiter[0].set()
