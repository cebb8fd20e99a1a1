"""pytest fixtures for card login: the dev PKI, the one pcscd of the test session, virtual cards.

Loaded by ``pytest_plugins`` in tests/conftest.py so that every test directory shares one pcscd.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization

from onestop.dev.card_applet import APPLET_AID, MoicaApplet
from onestop.dev.card_emulator import VirtualCard
from onestop.dev.cups_rig import CupsRig
from onestop.dev.pcsc import PcscdError, PrivatePcscd
from onestop.dev.pki import DevPki, build_dev_pki, write_dev_pki


@dataclass(frozen=True)
class DevPkiFiles:
    pki: DevPki
    dir: Path
    files: dict[str, Path]

    def pin(self, label: str) -> str:
        return self.pki.citizens[label].pin

    def applet(self, label: str, aid: bytes = APPLET_AID) -> MoicaApplet:
        card = self.pki.cards[label]
        der = card.cert.public_bytes(serialization.Encoding.DER)
        return MoicaApplet(der, card.key, self.pin(label), aid)


@pytest.fixture(scope="session")
def dev_pki(tmp_path_factory: pytest.TempPathFactory) -> DevPkiFiles:
    """The whole test PKI, in memory and written to a temporary directory."""
    pki = build_dev_pki()
    directory = tmp_path_factory.mktemp("pki")
    return DevPkiFiles(pki, directory, write_dev_pki(pki, directory))


@pytest.fixture(scope="session")
def pcscd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrivatePcscd]:
    """The machine's one pcscd with a private vpcd reader, for the whole test session."""
    daemon = PrivatePcscd(workdir=tmp_path_factory.mktemp("pcscd"))
    try:
        daemon.start()
    except PcscdError as exc:
        pytest.fail(str(exc))
    try:
        yield daemon
    finally:
        daemon.stop()


InsertCard = Callable[..., VirtualCard]


@pytest.fixture
def insert_card(pcscd: PrivatePcscd, dev_pki: DevPkiFiles) -> Iterator[InsertCard]:
    """``insert_card("valid")`` puts that citizen's virtual card in the reader; removed after the test."""
    cards: list[VirtualCard] = []

    def insert(
        label: str = "valid", aid: bytes = APPLET_AID, applet: MoicaApplet | None = None
    ) -> VirtualCard:
        card = VirtualCard(applet or dev_pki.applet(label, aid), pcscd.vpcd_port)
        card.insert()
        cards.append(card)
        return card

    try:
        yield insert
    finally:
        for card in cards:
            card.remove()
        if cards:
            wait_reader_empty(pcscd.reader_name)


def wait_reader_empty(reader: str, timeout: float = 3.0) -> None:
    """Block until PC/SC reports no card in ``reader``, so the next test starts from an empty reader
    (and nobody resets a card vpcd has not yet noticed is gone: vpcd mishandles that)."""
    try:
        from smartcard import scard  # type: ignore[import-untyped]
    except ImportError:
        return
    hr, ctx = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    if hr != scard.SCARD_S_SUCCESS:
        return
    try:
        deadline = time.monotonic() + timeout
        state = scard.SCARD_STATE_UNAWARE
        while time.monotonic() < deadline:
            hr, states = scard.SCardGetStatusChange(ctx, 100, [(reader, state)])
            if hr == scard.SCARD_S_SUCCESS:
                state = states[0][1] & ~scard.SCARD_STATE_CHANGED
                if not state & scard.SCARD_STATE_PRESENT:
                    return
    finally:
        scard.SCardReleaseContext(ctx)


@pytest.fixture
def cups_rig(tmp_path: Path) -> Iterator[CupsRig]:
    """A private cupsd on a free port with one file-backed queue ``counter_a4`` (stopped by PID after)."""
    rig = CupsRig(tmp_path / "cups").start()
    try:
        rig.add_queue("counter_a4")
        yield rig
    finally:
        rig.stop()
