"""Fakes at the card service's seams: a reader holding the emulator's applet, and a hub that checks signatures."""

from __future__ import annotations

import base64
import secrets
from dataclasses import dataclass, field

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

from edge_agent.card.errors import CardRemoved, ReaderUnavailable
from edge_agent.card.ports import CardToken, HubSession, LoginRefused, Presence, ReaderState
from onestop.dev.card_applet import MoicaApplet
from wire.payloads.auth import signed_data


class AppletChannel:
    """The applet as a channel; ``pull_on_ins`` makes the card vanish before answering that instruction."""

    def __init__(self, reader: FakeReader, applet: MoicaApplet) -> None:
        self.reader = reader
        self.applet = applet
        self.sent: list[bytes] = []

    def transmit(self, command: bytes) -> bytes:
        if self.reader.applet is not self.applet:
            raise CardRemoved("the card was removed")
        if self.reader.pull_on_ins is not None and command[1] == self.reader.pull_on_ins:
            self.reader.remove()
            raise CardRemoved("the card was removed")
        self.sent.append(command)
        return self.applet.process(command)

    def close(self, reset: bool = True) -> None:
        if reset and self.reader.applet is self.applet:
            self.applet.reset()


class FakeReader:
    def __init__(self) -> None:
        self.plugged = True
        self.applet: MoicaApplet | None = None
        self.pull_on_ins: int | None = None
        self.channels: list[AppletChannel] = []

    def insert(self, applet: MoicaApplet) -> None:
        applet.reset()
        self.applet = applet

    def remove(self) -> None:
        self.applet = None

    def poll(self, timeout: float) -> ReaderState:
        if not self.plugged:
            return ReaderState(Presence.NO_READER)
        if self.applet is None:
            return ReaderState(Presence.EMPTY, "fake")
        return ReaderState(Presence.PRESENT, "fake", b"\x3b")

    def connect(self) -> AppletChannel:
        if not self.plugged:
            raise ReaderUnavailable("unplugged")
        if self.applet is None:
            raise CardRemoved("no card")
        channel = AppletChannel(self, self.applet)
        self.channels.append(channel)
        return channel

    def close(self) -> None:
        pass


@dataclass
class SignatureCheckingHub:
    """Issues nonces and accepts a token only if its signature verifies with its certificate's key."""

    nonces: list[str] = field(default_factory=list)
    logins: list[CardToken] = field(default_factory=list)
    ended: list[tuple[str, str]] = field(default_factory=list)
    refuse_with: str | None = None

    def challenge(self, origin: str) -> str:
        nonce = base64.b64encode(secrets.token_bytes(32)).decode()
        self.nonces.append(nonce)
        return nonce

    def login(self, token: CardToken) -> HubSession:
        self.logins.append(token)
        if self.refuse_with:
            raise LoginRefused(self.refuse_with)
        if token.nonce not in self.nonces:
            raise LoginRefused("nonce_unknown")
        cert = x509.load_der_x509_certificate(token.certificate)
        cert.public_key().verify(  # type: ignore[union-attr,call-arg]
            token.signature, signed_data(token.origin, token.nonce), padding.PKCS1v15(), hashes.SHA256()
        )
        return HubSession(f"s{len(self.logins)}", "name", "0000", 300.0)

    def end_session(self, session: str, reason: str) -> None:
        self.ended.append((session, reason))
