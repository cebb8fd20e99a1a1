"""Receipt printer service against the in-memory printer: spooling, paper out mid-job, unplug, duplicates."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest

from edge_agent.devices.errors import BadRequest
from edge_agent.devices.printer.layout import FontSpec, PaymentSlip, Receipt
from edge_agent.devices.printer.link import FakePrinterLink
from edge_agent.devices.printer.machine import PrinterMachine
from edge_agent.devices.printer.service import ReceiptPrinter
from edge_agent.devices.printer.spool import JobState, PrintSpool
from onestop.dev.waiting import wait_until
from wire import ComponentState, Payload
from wire.payloads.documents import PrintJob, PrintOutcome

SLIP = PaymentSlip(
    org="桃園市政府", service="戶籍謄本規費", case_no="K261121-7QX4M-Z3P9H", payment_no="1150000123",
    amount=1500, due=date(2026, 12, 31), item_code="XHM",
)  # fmt: skip
JOB_A, JOB_B = "a" * 32, "b" * 32


@pytest.fixture
def rig(
    tmp_path: Path, cjk_font: FontSpec
) -> Iterator[tuple[ReceiptPrinter, FakePrinterLink, list[Payload]]]:
    link = FakePrinterLink(PrinterMachine())
    events: list[Payload] = []
    printer = ReceiptPrinter(
        link, PrintSpool(tmp_path / "spool.db"), cjk_font, emit=events.append, poll=0.02, backoff=(0.01, 0.05)
    )
    printer.start()
    try:
        yield printer, link, events
    finally:
        printer.stop()


def test_a_job_prints_once_and_is_audited(rig: tuple[ReceiptPrinter, FakePrinterLink, list[Payload]]) -> None:
    printer, link, events = rig
    printer.submit(JOB_A, SLIP)
    assert printer.wait_idle(10)
    assert len(link.machine.complete_sheets) == 1
    assert [(e.job, e.outcome) for e in events if isinstance(e, PrintJob)] == [(JOB_A, PrintOutcome.PRINTED)]


def test_same_job_id_twice_prints_one_copy(
    rig: tuple[ReceiptPrinter, FakePrinterLink, list[Payload]],
) -> None:
    printer, link, _ = rig
    _, new1 = printer.submit(JOB_A, SLIP)
    printer.wait_idle(10)
    _, new2 = printer.submit(JOB_A, SLIP)
    assert printer.wait_idle(10)
    assert (new1, new2) == (True, False)
    assert len(link.machine.complete_sheets) == 1


def test_paper_out_mid_job_reprints_in_full_once(
    rig: tuple[ReceiptPrinter, FakePrinterLink, list[Payload]],
) -> None:
    """GIVEN paper for 300 rows WHEN a ~950-row slip prints THEN it stops, reports paper_out, and after
    a refill exactly one complete copy comes out, audited as reprinted."""
    printer, link, events = rig
    link.machine.refill(300)
    printer.submit(JOB_A, SLIP)
    wait_until(lambda: printer.device_health.code == "paper_out")
    assert printer.health().state is ComponentState.ERROR and "out of paper" in printer.health().reason
    assert "缺紙" in printer.citizen_message()
    assert link.machine.complete_sheets == []
    assert printer.spool.get(JOB_A).state is JobState.PRINTING  # type: ignore[union-attr]
    link.machine.refill(None)
    assert printer.wait_idle(10)
    assert len(link.machine.complete_sheets) == 1
    assert printer.health().state is ComponentState.OK
    audits = [e for e in events if isinstance(e, PrintJob)]
    assert [(a.job, a.outcome, a.reason) for a in audits] == [(JOB_A, PrintOutcome.REPRINTED, "paper_out")]


def test_unplugged_printer_is_reported_and_jobs_wait(
    rig: tuple[ReceiptPrinter, FakePrinterLink, list[Payload]],
) -> None:
    printer, link, _ = rig
    link.plugged = False
    wait_until(lambda: printer.device_health.code == "unavailable")
    printer.submit(JOB_A, SLIP)
    printer.submit(JOB_B, Receipt(title="收據", lines=(("金額", "100 元"),)))
    time.sleep(0.1)
    assert link.machine.complete_sheets == []
    link.plugged = True
    assert printer.wait_idle(10)
    assert len(link.machine.complete_sheets) == 2
    assert printer.health().state is ComponentState.OK


def test_cover_open_blocks_until_closed(rig: tuple[ReceiptPrinter, FakePrinterLink, list[Payload]]) -> None:
    printer, link, _ = rig
    link.machine.cover_open = True
    printer.submit(JOB_A, SLIP)
    wait_until(lambda: printer.device_health.code == "cover_open")
    link.machine.cover_open = False
    assert printer.wait_idle(10)
    assert len(link.machine.complete_sheets) == 1


def test_slip_over_the_cap_is_refused_and_nothing_is_queued(
    rig: tuple[ReceiptPrinter, FakePrinterLink, list[Payload]],
) -> None:
    printer, _, _ = rig
    bad = PaymentSlip(
        org=SLIP.org, service=SLIP.service, case_no=SLIP.case_no, payment_no=SLIP.payment_no,
        amount=20_001, due=SLIP.due, item_code=SLIP.item_code,
    )  # fmt: skip
    with pytest.raises(BadRequest, match="20,000"):
        printer.submit(JOB_A, bad)
    assert printer.spool.get(JOB_A) is None


def test_spool_survives_a_restart(tmp_path: Path, cjk_font: FontSpec) -> None:
    """GIVEN a job spooled while the printer was unplugged and the agent stopped WHEN it starts again
    with the printer back THEN the job prints."""
    link = FakePrinterLink()
    link.plugged = False
    first = ReceiptPrinter(link, PrintSpool(tmp_path / "s.db"), cjk_font, poll=0.02, backoff=(0.01, 0.02))
    first.start()
    first.submit(JOB_A, SLIP)
    first.stop()
    first.spool.close()
    link.plugged = True
    second = ReceiptPrinter(link, PrintSpool(tmp_path / "s.db"), cjk_font, poll=0.02)
    second.start()
    try:
        assert second.wait_idle(10)
        assert len(link.machine.complete_sheets) == 1
    finally:
        second.stop()


def test_a_job_caught_mid_print_by_a_crash_is_printed_again_after_restart(
    tmp_path: Path, cjk_font: FontSpec
) -> None:
    """GIVEN a job marked printing when the agent died WHEN the spool is opened again THEN it is the next job."""
    spool = PrintSpool(tmp_path / "s.db")
    printer = ReceiptPrinter(FakePrinterLink(), spool, cjk_font)
    printer.submit(JOB_A, SLIP)
    spool.started(JOB_A)
    spool.close()
    reopened = PrintSpool(tmp_path / "s.db")
    job = reopened.next_job()
    assert job is not None and (job.id, job.state, job.attempts) == (JOB_A, JobState.PRINTING, 1)


class _AgentDouble:
    """The two Agent methods a printer uses: ``emit`` and ``on_command``."""

    def __init__(self) -> None:
        self.events: list[Payload] = []
        self.commands: dict[str, Callable[[Payload], str]] = {}

    def emit(self, body: Payload) -> str:
        self.events.append(body)
        return "0" * 32

    def on_command(self, name: str, handler: Callable[[Payload], str]) -> None:
        self.commands[name] = handler


def test_technicians_test_print_command_prints_one_page_and_reports_it(
    tmp_path: Path, cjk_font: FontSpec
) -> None:
    """GIVEN a printer started by an agent WHEN the hub sends ``device.test_print`` THEN one page is cut and
    the command's answer says so (the fleet page shows it as the command's acknowledgement)."""
    from wire.payloads.provisioning import PrintTestPage

    link = FakePrinterLink(PrinterMachine())
    printer = ReceiptPrinter(
        link, PrintSpool(tmp_path / "spool.db"), cjk_font, poll=0.02, backoff=(0.01, 0.05)
    )
    agent = _AgentDouble()
    printer.start(agent)
    try:
        answer = agent.commands["device.test_print"](PrintTestPage())
        assert answer.startswith("test page printed")
        assert len(link.machine.complete_sheets) == 1
        assert [e.outcome for e in agent.events if isinstance(e, PrintJob)] == [PrintOutcome.PRINTED]
    finally:
        printer.stop()


def test_test_print_on_an_unplugged_printer_fails_with_the_reason(tmp_path: Path, cjk_font: FontSpec) -> None:
    from wire.payloads.provisioning import PrintTestPage

    link = FakePrinterLink(PrinterMachine())
    link.plugged = False
    printer = ReceiptPrinter(
        link, PrintSpool(tmp_path / "spool.db"), cjk_font, poll=0.02, backoff=(0.01, 0.05)
    )
    agent = _AgentDouble()
    printer.start(agent)
    try:
        with pytest.raises(RuntimeError, match="not printed within 1 s: receipt printer does not answer"):
            printer._test_print(PrintTestPage(), timeout=1.0)
    finally:
        printer.stop()
