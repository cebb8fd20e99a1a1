"""The card service on the real pcscd + vpcd reader with the virtual card (pyscard adapter)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from edge_agent.card.errors import CardRemoved, ReaderUnavailable
from edge_agent.card.service import CardService, CardState
from onestop.dev.fixtures import DevPkiFiles, InsertCard
from onestop.dev.pcsc import PrivatePcscd
from onestop.dev.waiting import seconds_until
from tests.edge_agent.card.fakes import SignatureCheckingHub

reader_mod = pytest.importorskip("edge_agent.card.reader")


@pytest.fixture
def hub() -> SignatureCheckingHub:
    return SignatureCheckingHub()


@pytest.fixture
def service(pcscd: PrivatePcscd, hub: SignatureCheckingHub) -> Iterator[CardService]:
    svc = CardService(reader_mod.PcscReader(pcscd.reader_name), hub, origin="kiosk-001", poll_timeout=0.1)
    svc.start()
    seconds_until(lambda: svc.status().state is CardState.EMPTY)
    try:
        yield svc
    finally:
        svc.stop()


def test_insert_pin_login_then_pull_closes_within_two_seconds(
    service: CardService, insert_card: InsertCard, hub: SignatureCheckingHub, dev_pki: DevPkiFiles
) -> None:
    card = insert_card("valid")
    seconds_until(lambda: service.status().state is CardState.READY)
    assert service.status().holder_name == "王小明"
    service.submit_pin(dev_pki.pin("valid"))
    assert service.status().state is CardState.LOGGED_IN
    card.remove()
    elapsed = seconds_until(lambda: hub.ended == [("s1", "card_removed")], timeout=2.0)
    assert service.status().state is CardState.EMPTY and service.status().holder_name is None
    assert elapsed < 2.0


def test_card_pulled_mid_command(service: CardService, insert_card: InsertCard, dev_pki: DevPkiFiles) -> None:
    card = insert_card("valid")
    seconds_until(lambda: service.status().state is CardState.READY)
    card.pull_on_ins(0x2A)  # vanishes when asked to sign
    with pytest.raises(CardRemoved):
        service.submit_pin(dev_pki.pin("valid"))
    seconds_until(lambda: service.status().state is CardState.EMPTY)
    assert service.session is None


def test_unknown_card_is_explained(service: CardService, insert_card: InsertCard) -> None:
    insert_card("valid", aid=bytes.fromhex("A000000003101001"))
    seconds_until(lambda: service.status().state is CardState.UNUSABLE)
    assert service.status().error == "unknown_card"


def test_blocked_card_is_recognised_on_insertion(
    service: CardService, insert_card: InsertCard, dev_pki: DevPkiFiles
) -> None:
    applet = dev_pki.applet("valid2")
    applet.tries_left = 0
    insert_card(applet=applet)
    seconds_until(lambda: service.status().state is CardState.BLOCKED)
    assert service.status().error == "pin_blocked"


def test_a_missing_reader_is_no_reader(pcscd: PrivatePcscd) -> None:
    reader = reader_mod.PcscReader("No Such Reader 00 00")
    try:
        assert reader.poll(0.05).presence.value == "no_reader"
        with pytest.raises(ReaderUnavailable):
            reader.connect()
    finally:
        reader.close()
