"""The card service: watches the reader, reads the card, logs the citizen in at the hub, wipes on removal.

Pure apart from threads: the reader and the hub are ports (``edge_agent.card.ports``), so tests drive it
with the emulator's applet and an in-process hub, and the agent with pyscard and MQTT.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from enum import StrEnum

from cryptography import x509

from edge_agent.card.card import CitizenCard
from edge_agent.card.errors import CardError, CardRemoved, NoCard, PinBlocked, ReaderUnavailable, WrongPin
from edge_agent.card.pin import Pin
from edge_agent.card.ports import CardToken, Channel, HubAuth, HubSession, Presence, Reader

log = logging.getLogger(__name__)


class CardState(StrEnum):
    NO_READER = "no_reader"  # reader unplugged or PC/SC service down
    EMPTY = "empty"  # waiting for a card
    READING = "reading"
    READY = "ready"  # certificate read; waiting for the PIN
    BLOCKED = "blocked"  # PIN blocked on the card
    UNUSABLE = "unusable"  # not a citizen card, or unreadable
    LOGGED_IN = "logged_in"


@dataclass(frozen=True, slots=True)
class CardStatus:
    """What the kiosk may show: no full national ID, no PIN, no certificate bytes."""

    state: CardState
    generation: int = 0  # grows with every insertion and removal: the kiosk wipes when it changes
    holder_name: str | None = None
    id_last4: str | None = None
    tries_left: int | None = None
    error: str | None = None  # error code, e.g. "unknown_card"
    message: str | None = None  # what to tell the citizen (zh-TW)


@dataclass(frozen=True, slots=True)
class Holder:
    name: str
    id_last4: str


def holder_from_certificate(der: bytes) -> Holder:
    """Name and the ID's last 4 digits from a MOICA-like subject (CN, serialNumber ending in 4 digits)."""
    cert = x509.load_der_x509_certificate(der)
    names = cert.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)
    serials = cert.subject.get_attributes_for_oid(x509.NameOID.SERIAL_NUMBER)
    name = str(names[0].value) if names else ""
    serial = str(serials[0].value) if serials else ""
    return Holder(name, serial[-4:] if serial[-4:].isdigit() else "")


class CardService:
    """Owns one reader. ``start()`` runs the watcher thread; ``submit_pin`` and ``logout`` come from the API."""

    def __init__(
        self,
        reader: Reader,
        hub: HubAuth,
        origin: str,
        poll_timeout: float = 0.2,
        on_change: Callable[[CardStatus], None] | None = None,
    ) -> None:
        self._reader = reader
        self._hub = hub
        self.origin = origin
        self._poll_timeout = poll_timeout
        self._on_change = on_change
        self._lock = threading.Lock()
        self._io = threading.Lock()
        self._status = CardStatus(CardState.NO_READER)
        self._channel: Channel | None = None
        self._card: CitizenCard | None = None
        self._certificate: bytes | None = None
        self._session: HubSession | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._background = ThreadPoolExecutor(max_workers=1, thread_name_prefix="card-hub")

    # -- queries -----------------------------------------------------------------------------------

    def status(self) -> CardStatus:
        with self._lock:
            return self._status

    @property
    def session(self) -> HubSession | None:
        with self._lock:
            return self._session

    # -- life cycle --------------------------------------------------------------------------------

    def start(self) -> None:
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="card-watcher", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5)
        self._wipe(CardState.NO_READER, "agent_stopped")
        self._background.shutdown(wait=True)
        self._reader.close()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.step()
            except Exception:  # the watcher must survive anything a driver throws
                log.exception("card watcher step failed")
                self._stop.wait(1.0)

    def step(self) -> None:
        """One poll of the reader (up to ``poll_timeout``) and the reaction to what changed."""
        reader_state = self._reader.poll(self._poll_timeout)
        current = self.status().state
        if reader_state.presence is Presence.PRESENT:
            if current in (CardState.NO_READER, CardState.EMPTY):
                self._inserted()
        elif reader_state.presence is Presence.EMPTY:
            if current is not CardState.EMPTY:
                self._wipe(CardState.EMPTY, "card_removed")
        elif current is not CardState.NO_READER:
            self._wipe(CardState.NO_READER, "reader_unavailable")

    # -- transitions -------------------------------------------------------------------------------

    def _set(self, status: CardStatus) -> None:
        with self._lock:
            self._status = status
        if self._on_change is not None:
            self._on_change(status)

    def _inserted(self) -> None:
        generation = self.status().generation + 1
        self._set(CardStatus(CardState.READING, generation))
        with self._io:
            try:
                channel = self._reader.connect()
            except (CardRemoved, NoCard):
                self._set(CardStatus(CardState.EMPTY, generation + 1))
                return
            except CardError as exc:  # ReaderUnavailable and other PC/SC trouble
                self._set(CardStatus(CardState.NO_READER, generation + 1, error=exc.code))
                return
            with self._lock:
                self._channel = channel  # from here on, a wipe disconnects it
            card = CitizenCard(channel)
            try:
                der = card.read_certificate()
                holder = holder_from_certificate(der)
            except (CardRemoved, NoCard):
                self._set(CardStatus(CardState.EMPTY, generation + 1))
                return
            except ReaderUnavailable:
                self._set(CardStatus(CardState.NO_READER, generation + 1))
                return
            except CardError as exc:
                self._set(
                    CardStatus(CardState.UNUSABLE, generation, error=exc.code, message=exc.citizen_message)
                )
                return
            except ValueError:  # not a parsable certificate
                self._set(CardStatus(CardState.UNUSABLE, generation, error="unknown_card"))
                return
            with self._lock:
                self._card, self._certificate = card, der
            status = CardStatus(CardState.READY, generation, holder.name, holder.id_last4)
            try:
                status = replace(status, tries_left=card.tries_left())
            except PinBlocked as exc:
                status = replace(
                    status, state=CardState.BLOCKED, tries_left=0, error=exc.code, message=exc.citizen_message
                )
            except CardError as exc:
                status = replace(
                    status, state=CardState.UNUSABLE, error=exc.code, message=exc.citizen_message
                )
        self._set(status)

    def _wipe(self, state: CardState, reason: str) -> None:
        """Forget everything about the card at once; end its hub session in the background."""
        with self._lock:
            channel, session = self._channel, self._session
            self._channel = self._card = self._certificate = self._session = None
            generation = self._status.generation + (
                1 if self._status.state not in (CardState.EMPTY, CardState.NO_READER) else 0
            )
        self._set(CardStatus(state, generation))
        if channel is not None:
            with contextlib.suppress(CardError, OSError):
                # A card known to be gone is not reset (vpcd mishandles that); one still in is, to clear its PIN.
                channel.close(reset=reason not in ("card_removed", "reader_unavailable"))
        if session is not None:
            self._end_remote(session.session, reason)

    def _end_remote(self, session: str, reason: str) -> None:
        def end() -> None:
            try:
                self._hub.end_session(session, reason)
            except Exception as exc:  # the hub also ends it on idle timeout
                log.warning(
                    "could not tell the hub to end a card session (%s): %s", reason, type(exc).__name__
                )

        try:
            self._background.submit(end)
        except RuntimeError:  # shutting down: do it inline
            end()

    # -- citizen actions ---------------------------------------------------------------------------

    def submit_pin(self, pin_text: str) -> CardStatus:
        """Verify the PIN on the card, sign the hub's challenge and open the session.

        Raises InvalidPin, WrongPin (tries left), PinBlocked, NoCard, CardRemoved, LoginRefused, HubUnreachable.
        """
        pin = Pin(pin_text)
        with self._io:
            with self._lock:
                status, card, der = self._status, self._card, self._certificate
            if status.state is CardState.BLOCKED:
                raise PinBlocked("the card's PIN is blocked")
            if status.state is not CardState.READY or card is None or der is None:
                raise NoCard("no readable citizen card in the reader")
            try:
                card.verify_pin(pin)
            except WrongPin as exc:
                self._update(status.generation, tries_left=exc.tries_left)
                raise
            except PinBlocked as exc:
                self._update(
                    status.generation,
                    state=CardState.BLOCKED,
                    tries_left=0,
                    error=exc.code,
                    message=exc.citizen_message,
                )
                raise
            nonce = self._hub.challenge(self.origin)
            signature = card.sign_challenge(self.origin, nonce)
            session = self._hub.login(CardToken(der, signature, nonce, self.origin))
            with self._lock:
                if self._status.generation != status.generation or self._card is not card:
                    stale = True
                else:
                    stale = False
                    self._session = session
            if stale:
                self._end_remote(session.session, "card_removed")
                raise CardRemoved("the card was removed during login")
            return self._update(
                status.generation, state=CardState.LOGGED_IN, tries_left=None, error=None, message=None
            )

    def logout(self) -> None:
        """End the hub session; the card stays in, and the PIN is needed again."""
        with self._lock:
            session, self._session = self._session, None
            status = self._status
        if session is None:
            return
        self._end_remote(session.session, "logout")
        with self._io:
            with self._lock:
                card = self._card
            tries: int | None = None
            if card is not None:
                try:
                    card.select()  # re-selecting the applet clears the verified PIN on the card
                    tries = card.tries_left()
                except CardError:
                    tries = None
        self._update(status.generation, state=CardState.READY, tries_left=tries)

    def _update(self, generation: int, **changes: object) -> CardStatus:
        with self._lock:
            if self._status.generation != generation:
                raise CardRemoved("the card was removed")
            self._status = replace(self._status, **changes)  # type: ignore[arg-type]
            status = self._status
        if self._on_change is not None:
            self._on_change(status)
        return status
