"""The card service's states with a fake reader and a signature-checking hub."""

from __future__ import annotations

import pytest

from edge_agent.card.errors import CardRemoved, InvalidPin, NoCard, PinBlocked, WrongPin
from edge_agent.card.ports import LoginRefused
from edge_agent.card.service import CardService, CardState, CardStatus
from onestop.dev.fixtures import DevPkiFiles
from tests.edge_agent.card.fakes import FakeReader, SignatureCheckingHub


@pytest.fixture
def reader() -> FakeReader:
    return FakeReader()


@pytest.fixture
def hub() -> SignatureCheckingHub:
    return SignatureCheckingHub()


@pytest.fixture
def service(reader: FakeReader, hub: SignatureCheckingHub) -> CardService:
    svc = CardService(reader, hub, origin="kiosk-001")
    svc.step()
    return svc


def test_insert_shows_name_last4_and_tries(
    service: CardService, reader: FakeReader, dev_pki: DevPkiFiles
) -> None:
    assert service.status().state is CardState.EMPTY
    reader.insert(dev_pki.applet("valid"))
    service.step()
    status = service.status()
    assert status.state is CardState.READY
    assert (status.holder_name, status.id_last4, status.tries_left) == ("王小明", "6789", 3)
    assert "A123456789" not in repr(status)


def test_pin_then_session_then_removal_ends_it(
    service: CardService, reader: FakeReader, hub: SignatureCheckingHub, dev_pki: DevPkiFiles
) -> None:
    reader.insert(dev_pki.applet("valid"))
    service.step()
    before = service.status().generation
    status = service.submit_pin(dev_pki.pin("valid"))
    assert status.state is CardState.LOGGED_IN and service.session is not None
    assert hub.logins[0].origin == "kiosk-001"
    reader.remove()
    service.step()
    assert service.status() == CardStatus(CardState.EMPTY, before + 1)
    assert service.session is None
    service._background.submit(lambda: None).result(2)  # the end request has been sent
    assert hub.ended == [("s1", "card_removed")]


def test_wrong_pins_tell_tries_left_then_block_and_a_blocked_card_is_recognised(
    service: CardService, reader: FakeReader, dev_pki: DevPkiFiles
) -> None:
    applet = dev_pki.applet("valid")
    reader.insert(applet)
    service.step()
    with pytest.raises(WrongPin) as err:
        service.submit_pin("000000")
    assert err.value.tries_left == 2 and service.status().tries_left == 2
    with pytest.raises(WrongPin):
        service.submit_pin("000000")
    with pytest.raises(PinBlocked):
        service.submit_pin("000000")
    assert service.status().state is CardState.BLOCKED
    with pytest.raises(PinBlocked):
        service.submit_pin(dev_pki.pin("valid"))
    reader.remove()
    service.step()
    reader.insert(applet)  # the same (blocked) card again
    service.step()
    status = service.status()
    assert status.state is CardState.BLOCKED and status.error == "pin_blocked" and status.message


def test_malformed_pin_uses_no_try(service: CardService, reader: FakeReader, dev_pki: DevPkiFiles) -> None:
    reader.insert(dev_pki.applet("valid"))
    service.step()
    with pytest.raises(InvalidPin):
        service.submit_pin("12")
    assert service.status().tries_left == 3


def test_unknown_card(service: CardService, reader: FakeReader, dev_pki: DevPkiFiles) -> None:
    reader.insert(dev_pki.applet("valid", aid=bytes.fromhex("A0000000041010")))
    service.step()
    status = service.status()
    assert status.state is CardState.UNUSABLE and status.error == "unknown_card"
    with pytest.raises(NoCard):
        service.submit_pin("123456")


def test_reader_unplugged_wipes_and_ends_the_session(
    service: CardService, reader: FakeReader, hub: SignatureCheckingHub, dev_pki: DevPkiFiles
) -> None:
    reader.insert(dev_pki.applet("valid"))
    service.step()
    service.submit_pin(dev_pki.pin("valid"))
    reader.plugged = False
    service.step()
    assert service.status().state is CardState.NO_READER and service.status().holder_name is None
    service._background.submit(lambda: None).result(2)
    assert hub.ended == [("s1", "reader_unavailable")]


def test_card_pulled_mid_login_leaves_no_session(
    service: CardService, reader: FakeReader, hub: SignatureCheckingHub, dev_pki: DevPkiFiles
) -> None:
    reader.insert(dev_pki.applet("valid"))
    service.step()
    reader.pull_on_ins = 0x2A
    with pytest.raises(CardRemoved):
        service.submit_pin(dev_pki.pin("valid"))
    service.step()
    assert service.status().state is CardState.EMPTY and service.session is None
    assert hub.logins == []


def test_refused_login_keeps_the_card_ready(
    service: CardService, reader: FakeReader, hub: SignatureCheckingHub, dev_pki: DevPkiFiles
) -> None:
    hub.refuse_with = "certificate_revoked"
    reader.insert(dev_pki.applet("revoked"))
    service.step()
    with pytest.raises(LoginRefused) as err:
        service.submit_pin(dev_pki.pin("revoked"))
    assert err.value.reason == "certificate_revoked"
    assert service.status().state is CardState.READY and service.session is None


def test_logout_ends_the_session_and_asks_for_the_pin_again(
    service: CardService, reader: FakeReader, hub: SignatureCheckingHub, dev_pki: DevPkiFiles
) -> None:
    reader.insert(dev_pki.applet("valid"))
    service.step()
    service.submit_pin(dev_pki.pin("valid"))
    service.logout()
    assert service.status().state is CardState.READY and service.session is None
    assert reader.applet is not None and not reader.applet.pin_verified
    service._background.submit(lambda: None).result(2)
    assert hub.ended == [("s1", "logout")]
