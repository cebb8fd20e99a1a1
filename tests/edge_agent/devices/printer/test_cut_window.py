"""The agent killed around the cut: before it, the job is reprinted in full by itself; between the cut and
the ``done`` record, it is ``uncertain`` (never reprinted blindly) until a person confirms or asks a reprint."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from edge_agent.devices.errors import BadRequest, DeviceUnavailable
from edge_agent.devices.printer.escpos import FEED_AND_CUT
from edge_agent.devices.printer.layout import FontSpec
from edge_agent.devices.printer.link import FakePrinterLink, SerialPrinterLink
from edge_agent.devices.printer.machine import PrinterMachine
from edge_agent.devices.printer.service import ReceiptPrinter
from edge_agent.devices.printer.spool import JobState, PrintSpool
from edge_agent.routes import ApiError
from onestop.dev.printer_emulator import PrinterEmulator
from onestop.dev.ptys import PtyPair
from onestop.dev.waiting import wait_until
from tests.edge_agent.devices.printer.crash_child import KILLED
from tests.edge_agent.devices.printer.test_service import JOB_A, JOB_B, SLIP
from tests.edge_agent.devices.routing import call, router_for
from wire import ComponentState, Payload
from wire.payloads.documents import PrintJob, PrintOutcome

ROOT = Path(__file__).parents[4]


class Killed(BaseException):
    """The agent process dying: nothing after this point runs (not an Exception, so nothing catches it)."""


class DiesAfter(FakePrinterLink):
    """A link whose agent dies right after the printer received ``after`` (the cut, or a band)."""

    def __init__(self, machine: PrinterMachine, after: int) -> None:
        super().__init__(machine)
        self.after = after  # number of the write after which the agent dies; -1 = after the cut
        self.writes = 0

    def write(self, data: bytes) -> None:
        super().write(data)
        self.writes += 1
        if (data == FEED_AND_CUT) if self.after == -1 else (self.writes == self.after):
            raise Killed


def crash_while_printing(db: Path, machine: PrinterMachine, font: FontSpec, after: int) -> None:
    """Spool JOB_A and print it on the worker's code path until the agent 'dies'; close the spool like a
    dead process would leave it (committed rows only)."""
    spool = PrintSpool(db)
    printer = ReceiptPrinter(DiesAfter(machine, after), spool, font)
    printer.submit(JOB_A, SLIP)
    printer.link.open()
    job = spool.next_job()
    assert job is not None
    with pytest.raises(Killed):
        printer._print(job)
    spool.close()


@pytest.fixture
def restarted(
    tmp_path: Path, cjk_font: FontSpec
) -> Iterator[tuple[PrinterMachine, ReceiptPrinter, list[Payload]]]:
    """The agent killed right after the cut of JOB_A reached the printer, then started again."""
    machine = PrinterMachine()
    crash_while_printing(tmp_path / "s.db", machine, cjk_font, after=-1)
    assert len(machine.complete_sheets) == 1  # the citizen has the slip
    events: list[Payload] = []
    printer = ReceiptPrinter(FakePrinterLink(machine), PrintSpool(tmp_path / "s.db"), cjk_font,
                             emit=events.append, poll=0.02, backoff=(0.01, 0.05))  # fmt: skip
    printer.start()
    try:
        yield machine, printer, events
    finally:
        printer.stop()


def test_killed_before_the_cut_reprints_in_full_by_itself(tmp_path: Path, cjk_font: FontSpec) -> None:
    """GIVEN the agent died after the second band (no cut sent) WHEN it starts again THEN the job prints
    once, complete, and is audited as reprinted: the uncut half-slip is not a copy."""
    machine = PrinterMachine()
    crash_while_printing(tmp_path / "s.db", machine, cjk_font, after=3)
    assert machine.complete_sheets == []
    events: list[Payload] = []
    printer = ReceiptPrinter(FakePrinterLink(machine), PrintSpool(tmp_path / "s.db"), cjk_font,
                             emit=events.append, poll=0.02)  # fmt: skip
    printer.start()
    try:
        assert printer.wait_idle(10)
        assert len(machine.complete_sheets) == 1
        assert [(e.job, e.attempts) for e in events if isinstance(e, PrintJob)] == [(JOB_A, 2)]
    finally:
        printer.stop()


def test_killed_between_cut_and_done_is_uncertain_not_reprinted(
    restarted: tuple[PrinterMachine, ReceiptPrinter, list[Payload]],
) -> None:
    """GIVEN the agent died between the cut and the done record WHEN it starts again THEN the job is not
    printed a second time, is ``uncertain``, the printer health is a warning naming it, later jobs print,
    and sending the same job id again prints nothing."""
    machine, printer, events = restarted
    printer.submit(JOB_B, SLIP)
    assert printer.wait_idle(10)
    assert len(machine.complete_sheets) == 2  # JOB_A once (before the crash), JOB_B once
    job = printer.spool.get(JOB_A)
    assert job is not None and job.state is JobState.UNCERTAIN
    health = printer.device_health
    assert (health.state, health.code) == (ComponentState.WARNING, "uncertain_job") and JOB_A in health.reason
    assert printer.submit(JOB_A, SLIP)[1] is False
    assert [e.job for e in events if isinstance(e, PrintJob)] == [JOB_B]  # A is not audited as printed yet


def test_confirmed_uncertain_job_is_done_and_audited_once(
    restarted: tuple[PrinterMachine, ReceiptPrinter, list[Payload]],
) -> None:
    machine, printer, events = restarted
    router = router_for(printer)
    view = call(router, "GET", f"/v1/printer/jobs/{JOB_A}")
    assert view["state"] == "uncertain" and "重新列印" in view["citizen"]
    assert call(router, "POST", f"/v1/printer/jobs/{JOB_A}/confirm")["state"] == "done"
    with pytest.raises(ApiError) as again:  # a second answer (another screen, the technician) changes nothing
        call(router, "POST", f"/v1/printer/jobs/{JOB_A}/reprint")
    assert (again.value.status, again.value.code) == (409, "not_uncertain")
    assert [(e.job, e.outcome) for e in events if isinstance(e, PrintJob)] == [(JOB_A, PrintOutcome.PRINTED)]
    assert printer.wait_idle(2) and len(machine.complete_sheets) == 1
    assert printer.spool.uncertain() == []


def test_reprint_of_an_uncertain_job_prints_one_more_copy(
    restarted: tuple[PrinterMachine, ReceiptPrinter, list[Payload]],
) -> None:
    """The citizen says no slip came out (e.g. the cut never happened): one more full copy, audited as
    reprinted with the reason, and the warning clears."""
    machine, printer, events = restarted
    job = printer.resolve(JOB_A, printed=False)
    assert job.state is JobState.PENDING
    assert printer.wait_idle(10)
    assert len(machine.complete_sheets) == 2
    ((audit,),) = [[e for e in events if isinstance(e, PrintJob)]]
    assert (audit.job, audit.outcome) == (JOB_A, PrintOutcome.REPRINTED) and "restart" in audit.reason
    assert printer.device_health.state is ComponentState.OK


def test_resolving_a_job_that_is_not_uncertain_is_refused(tmp_path: Path, cjk_font: FontSpec) -> None:
    printer = ReceiptPrinter(FakePrinterLink(), PrintSpool(tmp_path / "s.db"), cjk_font)
    printer.submit(JOB_A, SLIP)
    with pytest.raises(BadRequest, match="is pending, not uncertain"):
        printer.resolve(JOB_A, printed=True)
    assert printer.spool.get(JOB_A).state is JobState.PENDING  # type: ignore[union-attr]
    with pytest.raises(ApiError) as missing:
        call(router_for(printer), "POST", f"/v1/printer/jobs/{'9' * 32}/confirm")
    assert missing.value.status == 404


def test_unplugged_during_the_cut_is_uncertain(tmp_path: Path, cjk_font: FontSpec) -> None:
    """The port failing while the cut is written: the cut may have gone out, so the same rule applies."""

    class FailsAtCut(FakePrinterLink):
        def write(self, data: bytes) -> None:
            if data == FEED_AND_CUT:
                self.plugged = False
            super().write(data)

    link = FailsAtCut(PrinterMachine())
    printer = ReceiptPrinter(link, PrintSpool(tmp_path / "s.db"), cjk_font, poll=0.02, backoff=(0.01, 0.02))
    printer.submit(JOB_A, SLIP)
    link.open()
    job = printer.spool.next_job()
    assert job is not None
    with pytest.raises(DeviceUnavailable):
        printer._print(job)
    assert printer.spool.get(JOB_A).state is JobState.UNCERTAIN  # type: ignore[union-attr]
    assert printer.spool.next_job() is None


def test_agent_process_killed_at_the_cut_prints_once_over_a_serial_line(
    pty_pair: PtyPair, tmp_path: Path, cjk_font: FontSpec
) -> None:
    """GIVEN a real agent process printing a slip over a socat pty to the printer emulator WHEN the process
    dies the instant the cut is written THEN, restarted on the same spool, it prints no second copy, the job
    is uncertain, and the next job prints."""
    emulator = PrinterEmulator(pty_pair.device).start()
    db = tmp_path / "spool.db"
    try:
        child = subprocess.run(
            [sys.executable, "-m", "tests.edge_agent.devices.printer.crash_child", str(pty_pair.host), str(db),
             cjk_font.path, str(cjk_font.index), JOB_A],
            cwd=ROOT, timeout=60, capture_output=True, text=True,
        )  # fmt: skip
        assert child.returncode == KILLED, child.stderr[-2000:]
        wait_until(lambda: len(emulator.machine.complete_sheets) == 1)
        events: list[Payload] = []
        printer = ReceiptPrinter(SerialPrinterLink(str(pty_pair.host), timeout=0.3), PrintSpool(db), cjk_font,
                                 emit=events.append, poll=0.05, backoff=(0.05, 0.2))  # fmt: skip
        printer.start()
        try:
            printer.submit(JOB_B, SLIP)
            assert printer.wait_idle(15)
            assert len(emulator.machine.complete_sheets) == 2  # A once (before the kill), B once
            assert printer.spool.get(JOB_A).state is JobState.UNCERTAIN  # type: ignore[union-attr]
            assert printer.device_health.code == "uncertain_job"
            assert [e.job for e in events if isinstance(e, PrintJob)] == [JOB_B]
        finally:
            printer.stop()
    finally:
        emulator.stop()


def test_the_technician_resolves_an_uncertain_job_from_the_hub(
    restarted: tuple[PrinterMachine, ReceiptPrinter, list[Payload]],
) -> None:
    """GIVEN an uncertain job WHEN the hub's ``printer.resolve_job`` command says it was printed THEN the job is
    done and audited; a second answer and an unknown job fail the command with a reason (its cmdack)."""
    from wire.payloads.documents import ResolvePrintJob

    machine, printer, events = restarted
    assert (
        printer._resolve_command(ResolvePrintJob(job=JOB_A, printed=True))
        == f"job {JOB_A}: confirmed printed"
    )
    assert [(e.job, e.outcome) for e in events if isinstance(e, PrintJob)] == [(JOB_A, PrintOutcome.PRINTED)]
    with pytest.raises(BadRequest, match="not uncertain"):
        printer._resolve_command(ResolvePrintJob(job=JOB_A, printed=False))
    with pytest.raises(ValueError, match="no print job"):
        printer._resolve_command(ResolvePrintJob(job="f" * 32, printed=True))
    assert len(machine.complete_sheets) == 1
