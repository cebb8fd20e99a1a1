"""PC/SC adapter (pyscard's low-level API): reader state polling and an APDU channel with typed errors."""

from __future__ import annotations

import threading

from smartcard import scard  # type: ignore[import-untyped]

from edge_agent.card.errors import CardError, CardRemoved, NoCard, ReaderUnavailable
from edge_agent.card.ports import Presence, ReaderState

_NO_SERVICE = {
    scard.SCARD_E_NO_SERVICE,
    scard.SCARD_E_SERVICE_STOPPED,
    scard.SCARD_E_NO_READERS_AVAILABLE,
    scard.SCARD_E_READER_UNAVAILABLE,
    scard.SCARD_E_UNKNOWN_READER,
    scard.SCARD_E_INVALID_HANDLE,
}
_CARD_GONE = {
    scard.SCARD_W_REMOVED_CARD,
    scard.SCARD_E_NO_SMARTCARD,
    scard.SCARD_W_RESET_CARD,
    scard.SCARD_E_NOT_TRANSACTED,  # what pcscd answers when the card vanished mid-exchange
    scard.SCARD_W_UNPOWERED_CARD,
    scard.SCARD_W_UNRESPONSIVE_CARD,
}
_SIGNED = 0xFFFFFFFF


def _code(hr: int) -> int:
    """pyscard returns HRESULTs as signed or unsigned ints depending on the platform; compare unsigned."""
    return hr & _SIGNED


_NO_SERVICE = {_code(c) for c in _NO_SERVICE}
_CARD_GONE = {_code(c) for c in _CARD_GONE}


def error_for(hr: int, doing: str) -> CardError:
    code = _code(hr)
    text = scard.SCardGetErrorMessage(hr)
    if code in _NO_SERVICE:
        return ReaderUnavailable(f"{doing}: card reader unavailable ({text})")
    if code in _CARD_GONE:
        return CardRemoved(f"{doing}: the card was removed ({text})")
    return CardError(f"{doing}: PC/SC error {code:08X} ({text})")


class PcscReader:
    """One PC/SC reader: the configured name, or the first reader pcscd lists when ``name`` is None.

    ``poll(timeout)`` blocks up to ``timeout`` seconds for a change and returns the current state; it
    never raises for a missing service or reader (that is ``NO_READER``), so a watcher can ride out
    pcscd restarts and unplugged readers.
    """

    def __init__(self, name: str | None = None) -> None:
        self.name = name
        self._ctx: int | None = None
        self._last_event = scard.SCARD_STATE_UNAWARE
        self._reader: str | None = None
        self._lock = threading.Lock()

    def _context(self) -> int:
        if self._ctx is None:
            hr, ctx = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
            if hr != scard.SCARD_S_SUCCESS:
                raise error_for(hr, "connecting to the PC/SC service")
            self._ctx = ctx
        return self._ctx

    def _drop_context(self) -> None:
        if self._ctx is not None:
            scard.SCardReleaseContext(self._ctx)
        self._ctx = None
        self._last_event = scard.SCARD_STATE_UNAWARE
        self._reader = None

    def _pick_reader(self, ctx: int) -> str | None:
        hr, readers = scard.SCardListReaders(ctx, [])
        if hr != scard.SCARD_S_SUCCESS or not readers:
            return None
        if self.name is None:
            return str(readers[0])
        return self.name if self.name in readers else None

    def poll(self, timeout: float) -> ReaderState:
        with self._lock:
            try:
                ctx = self._context()
            except ReaderUnavailable:
                return ReaderState(Presence.NO_READER)
            if self._reader is None:
                self._reader = self._pick_reader(ctx)
                if self._reader is None:
                    self._drop_context()
                    return ReaderState(Presence.NO_READER)
            reader = self._reader
            hr, states = scard.SCardGetStatusChange(ctx, int(timeout * 1000), [(reader, self._last_event)])
        code = _code(hr)
        if code == _code(scard.SCARD_E_TIMEOUT):
            states = [(reader, self._last_event, b"")]
        elif hr != scard.SCARD_S_SUCCESS:
            with self._lock:
                self._drop_context()
            return ReaderState(Presence.NO_READER)
        _, event, atr = states[0]
        if event & (scard.SCARD_STATE_UNKNOWN | scard.SCARD_STATE_UNAVAILABLE):
            with self._lock:
                self._drop_context()
            return ReaderState(Presence.NO_READER)
        self._last_event = event & ~scard.SCARD_STATE_CHANGED
        if event & scard.SCARD_STATE_PRESENT and not event & scard.SCARD_STATE_MUTE:
            return ReaderState(Presence.PRESENT, reader, bytes(atr))
        return ReaderState(Presence.EMPTY, reader)

    def connect(self) -> PcscChannel:
        """Connect to the card in the reader (shared); NoCard, ReaderUnavailable otherwise."""
        with self._lock:
            ctx = self._context()
            reader = self._reader or self._pick_reader(ctx)
        if reader is None:
            raise ReaderUnavailable("no card reader is connected")
        hr, handle, protocol = scard.SCardConnect(
            ctx, reader, scard.SCARD_SHARE_SHARED, scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1
        )
        if hr != scard.SCARD_S_SUCCESS:
            err = error_for(hr, "connecting to the card")
            raise NoCard(err.message) if isinstance(err, CardRemoved) else err
        return PcscChannel(handle, protocol)

    def close(self) -> None:
        with self._lock:
            self._drop_context()


class PcscChannel:
    """An open connection to one card; ``transmit`` raises CardRemoved when the card has gone."""

    def __init__(self, handle: int, protocol: int) -> None:
        self._handle: int | None = handle
        self._protocol = protocol

    def transmit(self, command: bytes) -> bytes:
        if self._handle is None:
            raise CardRemoved("the card connection is closed")
        try:
            hr, response = scard.SCardTransmit(self._handle, self._protocol, list(command))
        except SystemError:  # pyscard raises this instead of returning an error on a dead handle
            raise CardRemoved("the card was removed") from None
        if hr != scard.SCARD_S_SUCCESS:
            raise error_for(hr, "talking to the card")
        if len(response) < 2:  # vpcd (and some readers) answer "nothing" when the card vanished mid-command
            raise CardRemoved("the card was removed during a command")
        return bytes(response)

    def close(self, reset: bool = True) -> None:
        """Disconnect; ``reset`` (the default) resets the card so its verified PIN is forgotten.

        Pass ``reset=False`` when the card is known to be gone: resetting a vanished vpcd card confuses
        vpcd until pcscd restarts.
        """
        if self._handle is not None:
            scard.SCardDisconnect(self._handle, scard.SCARD_RESET_CARD if reset else scard.SCARD_LEAVE_CARD)
            self._handle = None
