"""The citizen card conversation over any APDU channel: read the certificate, verify the PIN, sign.

Pure: the channel is a port (``CardChannel``); the pyscard adapter implements it for real readers and
tests may pass the emulator's applet directly.
"""

from __future__ import annotations

import hashlib
from typing import Protocol

from edge_agent.card import apdu
from edge_agent.card.errors import CardFailure
from edge_agent.card.pin import Pin
from wire.payloads.auth import signed_data

MAX_CERT_BYTES = 8192


class CardChannel(Protocol):
    """Send one command APDU, return the response APDU (data + SW). Raises CardRemoved/ReaderUnavailable."""

    def transmit(self, command: bytes) -> bytes: ...


class CitizenCard:
    """One inserted card. Methods raise the typed errors of ``edge_agent.card.errors``."""

    def __init__(self, channel: CardChannel) -> None:
        self._channel = channel

    def _send(self, command: bytes) -> apdu.Response:
        """Transmit and follow 61xx with GET RESPONSE until the whole reply is in."""
        response = apdu.Response.parse(self._channel.transmit(command))
        data = response.data
        while (more := apdu.more_bytes(response)) is not None:
            response = apdu.Response.parse(self._channel.transmit(apdu.get_response(more)))
            data += response.data
        return apdu.Response(data, response.sw)

    def select(self) -> None:
        apdu.check_select(self._send(apdu.select_applet()))

    def read_certificate(self) -> bytes:
        """The DER certificate from the certificate file, read in 256-byte chunks."""
        self.select()
        response = self._send(apdu.select_certificate())
        if response.sw != apdu.SW_OK:
            raise CardFailure("SELECT certificate file", response.sw)
        der = b""
        while True:
            response = self._send(apdu.read_binary(len(der)))
            if response.sw == apdu.SW_OFFSET_OUT_OF_RANGE and der:
                break
            if response.sw not in (apdu.SW_OK, apdu.SW_END_OF_FILE):
                raise CardFailure("READ BINARY", response.sw)
            der += response.data
            if response.sw == apdu.SW_END_OF_FILE or not response.data:
                break
            if len(der) > MAX_CERT_BYTES:
                raise CardFailure("READ BINARY (certificate longer than 8 KiB)", response.sw)
        return _trim_der(der)

    def tries_left(self) -> int | None:
        """Tries left before the card locks, or None if the PIN is already verified. Uses no try."""
        return apdu.tries_from(self._send(apdu.verify_query()))

    def verify_pin(self, pin: Pin) -> None:
        """Present the PIN to the card; WrongPin(tries_left) or PinBlocked if refused."""
        apdu.check_verify(self._send(apdu.verify(pin.block())))

    def sign_digest(self, digest: bytes) -> bytes:
        response = self._send(apdu.compute_signature(digest))
        apdu.check_signature(response)
        return response.data

    def sign_challenge(self, origin: str, nonce: str) -> bytes:
        """RS256 signature over SHA-256(origin) ‖ SHA-256(nonce) (the PIN must be verified first)."""
        return self.sign_digest(hashlib.sha256(signed_data(origin, nonce)).digest())


def _trim_der(der: bytes) -> bytes:
    """Cut padding after the outer DER SEQUENCE (files are often longer than their content)."""
    if len(der) < 4 or der[0] != 0x30:
        raise CardFailure("READ BINARY (not a DER certificate)", apdu.SW_OK)
    first = der[1]
    if first < 0x80:
        return der[: 2 + first]
    n = first & 0x7F
    if n == 0 or n > 3 or len(der) < 2 + n:
        raise CardFailure("READ BINARY (bad DER length)", apdu.SW_OK)
    length = int.from_bytes(der[2 : 2 + n], "big")
    if len(der) < 2 + n + length:
        raise CardFailure("READ BINARY (certificate truncated)", apdu.SW_OK)
    return der[: 2 + n + length]
