"""The rating keypad's serial line protocol (pure): ASCII lines with an XOR checksum, NMEA style.

A frame is ``VERB arg...*CS\\n``: words separated by single spaces, then ``*`` and the XOR of every byte
before the ``*`` as two upper-case hex digits. At most 80 bytes. Full description in docs/firmware-config.md.

keypad → host: ``HELLO <firmware>``, ``KEY <1-4> <seq 0-255>``, ``PONG``, ``ACK <cmd>``, ``NAK <cmd> <why>``
host → keypad: ``PING``, ``PROMPT <cmd> <voice> <timeout_s>``, ``LED <cmd> <color> <mode> <seconds>``,
``BUZZ <cmd> <pattern> <seconds>``
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

MAX_FRAME = 80
_WORD = re.compile(r"^[A-Za-z0-9_.\-]{1,24}$")


class Verb(StrEnum):
    # keypad -> host
    HELLO = "HELLO"
    KEY = "KEY"
    PONG = "PONG"
    ACK = "ACK"
    NAK = "NAK"
    # host -> keypad
    PING = "PING"
    PROMPT = "PROMPT"
    LED = "LED"
    BUZZ = "BUZZ"


#: Number of arguments each verb takes.
ARITY = {
    Verb.HELLO: 1, Verb.KEY: 2, Verb.PONG: 0, Verb.ACK: 1, Verb.NAK: 2,
    Verb.PING: 0, Verb.PROMPT: 3, Verb.LED: 4, Verb.BUZZ: 3,
}  # fmt: skip
FROM_KEYPAD = frozenset({Verb.HELLO, Verb.KEY, Verb.PONG, Verb.ACK, Verb.NAK})


class ProtocolError(ValueError):
    """A line that is not a valid frame; the reason says what is wrong with it."""


@dataclass(frozen=True, slots=True)
class Frame:
    verb: Verb
    args: tuple[str, ...] = ()

    def int_arg(self, index: int, low: int, high: int) -> int:
        text = self.args[index]
        if not text.isdigit() or not low <= int(text) <= high:
            raise ProtocolError(
                f"{self.verb.value} argument {index + 1} {text!r} is not a number {low}-{high}"
            )
        return int(text)


def checksum(body: bytes) -> str:
    value = 0
    for byte in body:
        value ^= byte
    return f"{value:02X}"


def encode(verb: Verb, *args: object) -> bytes:
    """One frame, newline included; ValueError for arguments the protocol cannot carry."""
    words = [str(a) for a in args]
    if len(words) != ARITY[verb]:
        raise ValueError(f"{verb.value} takes {ARITY[verb]} arguments, not {len(words)}")
    for word in words:
        if not _WORD.fullmatch(word):
            raise ValueError(f"{word!r} cannot travel in a keypad frame (letters, digits, _ . - only)")
    body = " ".join([verb.value, *words]).encode("ascii")
    frame = body + b"*" + checksum(body).encode("ascii") + b"\n"
    if len(frame) > MAX_FRAME:
        raise ValueError(f"frame of {len(frame)} bytes is over {MAX_FRAME}")
    return frame


def decode(line: bytes) -> Frame:
    """Parse one line (with or without its newline); ProtocolError naming the problem."""
    line = line.rstrip(b"\r\n")
    if len(line) > MAX_FRAME:
        raise ProtocolError(f"line of {len(line)} bytes is over {MAX_FRAME}")
    body, star, cs = line.rpartition(b"*")
    if not star:
        raise ProtocolError("no '*' checksum")
    if cs.upper() != checksum(body).encode("ascii"):
        raise ProtocolError(f"checksum {cs!r} does not match (expected {checksum(body)})")
    try:
        words = body.decode("ascii").split(" ")
    except UnicodeDecodeError:
        raise ProtocolError("line is not ASCII") from None
    try:
        verb = Verb(words[0])
    except ValueError:
        raise ProtocolError(f"unknown verb {words[0]!r}") from None
    args = tuple(words[1:])
    if len(args) != ARITY[verb] or not all(_WORD.fullmatch(a) for a in args):
        raise ProtocolError(f"{verb.value} needs {ARITY[verb]} plain arguments, got {list(args)}")
    return Frame(verb, args)


class LineBuffer:
    """Splits a byte stream into lines; a line longer than MAX_FRAME is dropped (noise on the wire)."""

    def __init__(self) -> None:
        self._buf = bytearray()
        self.dropped = 0

    def feed(self, data: bytes) -> list[bytes]:
        self._buf += data
        lines: list[bytes] = []
        while True:
            end = self._buf.find(b"\n")
            if end < 0:
                if len(self._buf) > MAX_FRAME:
                    self._buf.clear()
                    self.dropped += 1
                return lines
            line = bytes(self._buf[:end])
            del self._buf[: end + 1]
            if len(line) <= MAX_FRAME + 1:
                lines.append(line)
            else:
                self.dropped += 1
