"""Receipt printer over a real serial line (socat pty) to the printer emulator: golden bytes, zbar decode,
paper out mid-job, unplug and replug."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from pyzbar import pyzbar

from edge_agent.devices.printer.layout import FontSpec, PaymentSlip
from edge_agent.devices.printer.link import SerialPrinterLink
from edge_agent.devices.printer.machine import image_from_sheet
from edge_agent.devices.printer.service import ReceiptPrinter
from edge_agent.devices.printer.spool import PrintSpool
from onestop.dev.printer_emulator import PrinterEmulator
from onestop.dev.ptys import PtyPair
from onestop.dev.waiting import wait_until
from wire import ComponentState, Payload
from wire.payloads.documents import PrintJob, PrintOutcome

GOLDEN = Path(__file__).parent / "golden" / "payment_slip.bin"
SLIP = PaymentSlip(
    org="桃園市政府", service="戶籍謄本規費", case_no="K261121-7QX4M-Z3P9H", payment_no="1150000123",
    amount=1500, due=date(2026, 12, 31), item_code="XHM",
)  # fmt: skip


@pytest.fixture
def rig(
    pty_pair: PtyPair, tmp_path: Path, cjk_font: FontSpec
) -> Iterator[tuple[ReceiptPrinter, PrinterEmulator, list[Payload]]]:
    emulator = PrinterEmulator(pty_pair.device).start()
    events: list[Payload] = []
    printer = ReceiptPrinter(
        SerialPrinterLink(str(pty_pair.host), timeout=0.3),
        PrintSpool(tmp_path / "spool.db"),
        cjk_font,
        emit=events.append,
        poll=0.05,
        backoff=(0.05, 0.2),
    )
    printer.start()
    try:
        yield printer, emulator, events
    finally:
        printer.stop()
        emulator.stop()


def test_payment_slip_bytes_match_golden_and_barcodes_decode(
    rig: tuple[ReceiptPrinter, PrinterEmulator, list[Payload]],
) -> None:
    printer, emulator, events = rig
    printer.submit("c" * 32, SLIP)
    assert printer.wait_idle(15)
    sheets = emulator.machine.complete_sheets
    assert len(sheets) == 1
    if os.environ.get("ONESTOP_UPDATE_GOLDEN"):
        GOLDEN.write_bytes(sheets[0])
    assert sheets[0] == GOLDEN.read_bytes(), "printed bytes differ from the golden file"
    # The image the printer received, decoded by zbar: three Code 39 segments and the QR.
    found = {(s.type, s.data.decode()) for s in pyzbar.decode(image_from_sheet(sheets[0]))}
    assert found == {
        ("CODE39", "151231XHM"),  # ROC 115-12-31 + item code
        ("CODE39", "1150000123000000"),  # payment number padded to 16
        # 12/31 + check characters + NT$1,500; by hand: odd 16+8+9=33%11=0 -> A, even 16+5+4=25%11=3 -> 3
        ("CODE39", "1231" + "A3" + "000001500"),
        ("QRCODE", "ONESTOP:PAY:K261121-7QX4M-Z3P9H:1150000123:1500:2026-12-31"),
    }
    assert [e.outcome for e in events if isinstance(e, PrintJob)] == [PrintOutcome.PRINTED]


def test_paper_out_mid_job_then_refill_prints_exactly_one_copy(
    rig: tuple[ReceiptPrinter, PrinterEmulator, list[Payload]],
) -> None:
    printer, emulator, events = rig
    with emulator.lock:
        emulator.machine.refill(400)
    printer.submit("d" * 32, SLIP)
    wait_until(lambda: printer.device_health.code == "paper_out", 10, "paper out reported")
    assert emulator.machine.complete_sheets == []
    with emulator.lock:
        emulator.machine.refill(None)
    assert printer.wait_idle(15)
    assert emulator.machine.complete_sheets == [GOLDEN.read_bytes()]
    assert [(e.outcome, e.reason) for e in events if isinstance(e, PrintJob)] == [
        (PrintOutcome.REPRINTED, "paper_out")
    ]


def test_unplugged_then_replugged_printer_recovers(
    rig: tuple[ReceiptPrinter, PrinterEmulator, list[Payload]], pty_pair: PtyPair
) -> None:
    printer, emulator, _ = rig
    emulator.stop()
    pty_pair.stop()  # cable out
    wait_until(lambda: printer.device_health.code == "unavailable", 10, "the unplugged printer reported")
    assert printer.health().state is ComponentState.ERROR
    printer.submit("e" * 32, SLIP)  # accepted and spooled while the printer is away
    pty_pair.start()  # cable back in, same port name
    replugged = PrinterEmulator(pty_pair.device).start()
    try:
        assert printer.wait_idle(15)
        assert len(replugged.machine.complete_sheets) == 1
        assert printer.health().state is ComponentState.OK
    finally:
        replugged.stop()
