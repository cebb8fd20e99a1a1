"""The card service's ports: the reader it polls, the channel it talks on, the hub it logs in with."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from wire.payloads.auth import ALGORITHM, TOKEN_FORMAT


class Presence(StrEnum):
    NO_READER = "no_reader"
    EMPTY = "empty"
    PRESENT = "present"


@dataclass(frozen=True, slots=True)
class ReaderState:
    presence: Presence
    reader: str | None = None
    atr: bytes = b""


class Channel(Protocol):
    def transmit(self, command: bytes) -> bytes: ...

    def close(self, reset: bool = True) -> None:
        """Disconnect; with ``reset`` the card forgets its verified PIN."""
        ...


class Reader(Protocol):
    def poll(self, timeout: float) -> ReaderState: ...

    def connect(self) -> Channel: ...

    def close(self) -> None: ...


@dataclass(frozen=True, slots=True)
class CardToken:
    """The login proof sent to the hub (Web eID-like authentication token); carries no PIN."""

    certificate: bytes  # DER
    signature: bytes
    nonce: str
    origin: str
    algorithm: str = ALGORITHM
    format: str = TOKEN_FORMAT


@dataclass(frozen=True, slots=True)
class HubSession:
    """What the hub answered to a good token: an opaque session id and who is logged in."""

    session: str
    holder_name: str
    id_last4: str
    idle_timeout: float


class LoginRefused(Exception):
    """The hub refused the token; ``reason`` is its reason code (e.g. ``certificate_revoked``)."""

    def __init__(self, reason: str, message: str = "") -> None:
        super().__init__(f"the hub refused the card login: {reason}" + (f" ({message})" if message else ""))
        self.reason = reason
        self.message = message


class HubUnreachable(Exception):
    """The hub did not answer (offline, broker away, timeout)."""


class HubAuth(Protocol):
    """The hub's side of card login, over MQTT (the agent) or in-process (tests)."""

    def challenge(self, origin: str) -> str: ...

    def login(self, token: CardToken) -> HubSession: ...

    def end_session(self, session: str, reason: str) -> None: ...
