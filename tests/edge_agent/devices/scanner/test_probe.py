"""Idle scanner probing: an unplugged scanner raises an alarm before anyone scans, and clears when it is back
(fake driver, then SANE's pnm backend behind a device alias that a private SANE config drops and restores)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from edge_agent.devices.scanner.driver import FakeScanner, PnmFeeder, SaneScanner, ScanError
from edge_agent.devices.scanner.service import DocumentScanner
from onestop.dev.waiting import wait_until
from tests.edge_agent.devices.conftest import ALIAS
from tests.edge_agent.devices.scanner.conftest import CASE, RecordingSink, page
from wire import ComponentState, Payload, new_message_id
from wire.payloads.documents import BatchOutcome


class FakeAgent:
    """What the scanner uses of the agent: emit, the outbox (empty) and health_changed (counted)."""

    def __init__(self) -> None:
        self.emitted: list[Payload] = []
        self.health_calls = 0
        self.outbox = self

    def emit(self, body: Payload) -> str:
        self.emitted.append(body)
        return new_message_id()

    def peek(self, after: int = 0, limit: int = 1000) -> list[object]:
        return []

    def health_changed(self) -> None:
        self.health_calls += 1


def test_unplugged_idle_scanner_is_reported_and_cleared_by_probes(
    tmp_path: Path, sink: RecordingSink
) -> None:
    """GIVEN an idle scanner WHEN it is unplugged THEN a probe makes it error/unavailable with the citizen's
    message; WHEN it is back THEN the next probe clears it. A jam found by a scan is not cleared by a
    probe (opening the device cannot see the paper path)."""
    fake = FakeScanner([page(CASE, "p1")], fault_at=(0, "jammed"))
    scanner = DocumentScanner(lambda: fake, tmp_path / "scans", sink=sink)
    assert scanner.probe() is True and scanner.health().state is ComponentState.OK
    fake.unplugged = True
    assert scanner.probe() is False
    assert (scanner.device_health.state, scanner.device_health.code) == (ComponentState.ERROR, "unavailable")
    assert "洽服務人員" in scanner.citizen_message()
    fake.unplugged = False
    assert scanner.probe() is True
    assert scanner.device_health.code == "" and scanner.citizen_message() == ""
    assert scanner.scan().fault == "jammed"
    assert scanner.probe() is True and scanner.device_health.code == "jammed"  # stays until a scan passes
    assert fake.probes == 4


def test_probe_never_waits_for_a_running_scan(tmp_path: Path, sink: RecordingSink) -> None:
    """A probe while a scan holds the scanner returns None at once and changes nothing."""
    gate = threading.Event()

    class SlowScanner(FakeScanner):
        def pages(self):  # type: ignore[no-untyped-def]
            gate.wait(5)
            yield from super().pages()

    slow = SlowScanner([page(CASE, "p1")])
    scanner = DocumentScanner(lambda: slow, tmp_path / "scans", sink=sink)
    worker = threading.Thread(target=scanner.scan)
    worker.start()
    try:
        assert wait_until(scanner._busy.locked, 2)
        started = time.monotonic()
        assert scanner.probe() is None
        assert time.monotonic() - started < 0.1 and slow.probes == 0
    finally:
        gate.set()
        worker.join(5)


def test_a_probe_hanging_in_the_driver_is_reported_without_blocking_health(
    tmp_path: Path, sink: RecordingSink
) -> None:
    """GIVEN a driver that hangs when opened WHEN the probe has waited longer than ``probe_hang_s`` THEN
    health (answered at once) is error/unavailable; WHEN the driver returns THEN it is ok again."""
    release = threading.Event()

    class HangingScanner(FakeScanner):
        def probe(self) -> None:
            release.wait(5)

    scanner = DocumentScanner(lambda: HangingScanner([]), tmp_path / "scans", sink=sink, probe_hang_s=0.2)
    worker = threading.Thread(target=scanner.probe)
    worker.start()
    try:
        assert wait_until(lambda: scanner._probe_started is not None, 2)
        assert scanner.health().state is ComponentState.OK  # not yet overdue
        assert wait_until(lambda: scanner.device_health.code == "unavailable", 2)
        started = time.monotonic()
        assert "hangs" in scanner.health().reason and time.monotonic() - started < 0.05
    finally:
        release.set()
        worker.join(5)
    assert scanner.health().state is ComponentState.OK


def test_sane_device_lost_and_regained_raises_and_clears_the_alarm(
    aliased_sane: Path, tmp_path: Path
) -> None:
    """GIVEN the scanner component running with a probe every 50 ms on SANE's pnm backend WHEN the SANE
    config loses its device THEN health turns error/unavailable and the agent is told, with no scan run;
    WHEN the device is back THEN the alarm clears and a scan goes through."""
    pgm = tmp_path / "p0.pgm"
    page(CASE, "page 1").save(pgm)
    feeder = PnmFeeder([pgm])
    agent = FakeAgent()
    scanner = DocumentScanner(lambda: SaneScanner("kiosk-adf", feeder=feeder), tmp_path / "scans")
    started = time.monotonic()
    scanner.start(agent, purge_every=3600, probe_every=0.05)
    assert time.monotonic() - started < 0.5  # probing runs on the scanner's own thread
    try:
        time.sleep(0.2)
        assert scanner.health().state is ComponentState.OK and agent.health_calls == 0
        (aliased_sane / "dll.aliases").write_text("")  # unplugged
        assert wait_until(lambda: scanner.device_health.code == "unavailable")
        assert scanner.health().state is ComponentState.ERROR and agent.health_calls == 1
        (aliased_sane / "dll.aliases").write_text(ALIAS)  # plugged back in
        assert wait_until(lambda: scanner.health().state is ComponentState.OK)
        assert agent.health_calls == 2
        result = scanner.scan(expected_case=CASE)
        assert (result.outcome, result.page_count) == (BatchOutcome.COMPLETED, 1)
    finally:
        scanner.stop()


def test_probe_of_a_fake_sane_name_is_unavailable(aliased_sane: Path) -> None:
    """A device name SANE does not know fails the probe with the unavailable fault, not a crash."""
    with pytest.raises(ScanError) as err:
        SaneScanner("kiosk-nowhere").probe()
    assert err.value.fault.code == "unavailable"
    SaneScanner("kiosk-adf").probe()  # the configured one is there
