"""The virtual card through the real pcscd and vpcd reader (pyscard's low-level API)."""

from __future__ import annotations

import time

import pytest

from onestop.dev.card_applet import APPLET_AID, CERT_FILE_ID
from onestop.dev.fixtures import DevPkiFiles, InsertCard
from onestop.dev.pcsc import PrivatePcscd

scard = pytest.importorskip("smartcard.scard")


def _wait_state(ctx: int, reader: str, present: bool, timeout: float = 3.0) -> None:
    deadline = time.monotonic() + timeout
    state = scard.SCARD_STATE_UNAWARE
    while time.monotonic() < deadline:
        _, states = scard.SCardGetStatusChange(ctx, 200, [(reader, state)])
        state = states[0][1] & 0xFFFF
        if bool(state & scard.SCARD_STATE_PRESENT) == present:
            return
    raise AssertionError(f"reader never showed present={present}")


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


def test_a_second_pcscd_is_refused_with_a_clear_message(pcscd: PrivatePcscd) -> None:
    """GIVEN pcscd running (not ours from this object's point of view) WHEN starting another THEN a clear error."""
    from onestop.dev import pcsc

    assert pcsc.running_pcscd_pid() == pcscd.proc.pid  # type: ignore[union-attr]
    other = PrivatePcscd(lock_timeout=0.3)
    with pytest.raises(pcsc.PcscdError, match="another OneStop run holds pcscd"):
        other.start()
    assert other.proc is None


def test_a_foreign_pcscd_is_never_stopped(pcscd: PrivatePcscd, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """GIVEN a running pcscd we did not record as ours WHEN clearing leftovers THEN refuse, naming its pid."""
    from onestop.dev import pcsc

    monkeypatch.setattr(pcsc, "OWNED_PID_FILE", tmp_path / "owned")
    (tmp_path / "owned").write_text("1\n")
    with pytest.raises(pcsc.PcscdError, match=rf"not started by OneStop is running \(pid {pcscd.proc.pid}\)"):  # type: ignore[union-attr]
        PrivatePcscd()._clear_leftover()
    assert pcsc.running_pcscd_pid() == pcscd.proc.pid  # type: ignore[union-attr]
