"""The virtual card through the real pcscd and vpcd reader (pyscard's low-level API)."""

from __future__ import annotations

import pytest

from onestop.dev.card_applet import APPLET_AID, CERT_FILE_ID
from onestop.dev.fixtures import DevPkiFiles, InsertCard
from onestop.dev.pcsc import PrivatePcscd
from onestop.dev.waiting import wait_until

scard = pytest.importorskip("smartcard.scard")


def _wait_state(ctx: int, reader: str, present: bool, timeout: float = 3.0) -> None:
    state = scard.SCARD_STATE_UNAWARE

    def shown() -> bool:  # SCardGetStatusChange blocks up to 200 ms for the reader's next change
        nonlocal state
        _, states = scard.SCardGetStatusChange(ctx, 200, [(reader, state)])
        state = states[0][1] & 0xFFFF
        return bool(state & scard.SCARD_STATE_PRESENT) == present

    wait_until(shown, timeout, f"the reader to show present={present}", step=0)


def _transmit(card: int, proto: int, apdu: bytes) -> bytes:
    hr, reply = scard.SCardTransmit(card, proto, list(apdu))
    if hr != scard.SCARD_S_SUCCESS:
        raise OSError(scard.SCardGetErrorMessage(hr))
    return bytes(reply)


def test_insert_select_read_remove(
    pcscd: PrivatePcscd, insert_card: InsertCard, dev_pki: DevPkiFiles
) -> None:
    """GIVEN the private pcscd WHEN the virtual card is inserted THEN PC/SC reads its certificate."""
    _, ctx = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    try:
        _, readers = scard.SCardListReaders(ctx, [])
        assert pcscd.reader_name in readers
        virtual = insert_card("valid")
        _wait_state(ctx, pcscd.reader_name, present=True)
        hr, card, proto = scard.SCardConnect(
            ctx,
            pcscd.reader_name,
            scard.SCARD_SHARE_SHARED,
            scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1,
        )
        assert hr == scard.SCARD_S_SUCCESS
        assert _transmit(card, proto, bytes([0, 0xA4, 4, 0, len(APPLET_AID)]) + APPLET_AID) == b"\x90\x00"
        assert _transmit(card, proto, b"\x00\xa4\x02\x0c\x02" + CERT_FILE_ID) == b"\x90\x00"
        head = _transmit(card, proto, b"\x00\xb0\x00\x00\x04")
        assert head == dev_pki.applet("valid").cert_der[:4] + b"\x90\x00"
        virtual.remove()
        _wait_state(ctx, pcscd.reader_name, present=False)
        scard.SCardDisconnect(card, scard.SCARD_LEAVE_CARD)
    finally:
        scard.SCardReleaseContext(ctx)


def test_two_users_share_one_pcscd_on_separate_slots(pcscd: PrivatePcscd) -> None:
    """GIVEN the session's pcscd WHEN another run wants one THEN it gets its own slot of the same pcscd,
    and leaving does not stop pcscd while the first still holds a slot."""
    from onestop.dev import pcsc

    with PrivatePcscd(slot_timeout=60) as other:  # waits if another run holds the second slot
        assert other.pid == pcscd.pid == pcsc.running_pcscd_pid()
        assert other.reader_name != pcscd.reader_name and other.vpcd_port != pcscd.vpcd_port
    assert pcsc.running_pcscd_pid() == pcscd.pid


def test_a_foreign_pcscd_is_never_stopped(pcscd: PrivatePcscd, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """GIVEN a running pcscd OneStop did not record WHEN a start would need to start pcscd THEN refuse, naming its pid."""
    from onestop.dev import pcsc

    monkeypatch.setattr(pcsc, "STATE_FILE", tmp_path / "state.json")
    with pytest.raises(pcsc.PcscdError, match=rf"not started by OneStop is running \(pid {pcscd.pid}\)"):
        PrivatePcscd()._refuse_foreign()
    assert pcsc.running_pcscd_pid() == pcscd.pid
