"""The scanner component: scans a batch, attaches pages to cases by QR, sends them, keeps them until confirmed.

A jam (or cover open, or an empty feeder) stops the pass: the pages already scanned are kept and sent, the
citizen is told what to do, health reports the fault, and scanning again with the same ``batch`` continues
at the next page index, so no page is lost or doubled.

An idle scanner is probed every ``probe_every`` seconds on its own thread (open the SANE device, read its
options, close it): unplugged, it raises an ``unavailable`` alarm before a citizen tries; back, it clears.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from edge_agent.devices.errors import BadRequest
from edge_agent.devices.health import DeviceHealth
from edge_agent.devices.scanner.driver import ScanError, Scanner
from edge_agent.devices.scanner.pages import page_events, process_page, qr_texts
from edge_agent.devices.scanner.store import PageStore
from wire import Payload
from wire.payloads.device import ComponentHealth
from wire.payloads.documents import BatchOutcome, DocumentBatch

log = logging.getLogger(__name__)


class EventSink(Protocol):
    def emit(self, body: Payload) -> str: ...

    def pending(self, ids: Collection[str]) -> set[str]: ...


class AgentSink:
    """The agent as a sink: events go to its durable outbox; pending = still in the outbox (not acked)."""

    def __init__(self, agent: Any) -> None:
        self.agent = agent

    def emit(self, body: Payload) -> str:
        return str(self.agent.emit(body))

    def pending(self, ids: Collection[str]) -> set[str]:
        wanted, found, after = set(ids), set[str](), 0
        while wanted - found:
            entries = self.agent.outbox.peek(after=after, limit=1000)
            if not entries:
                break
            found.update(e.id for e in entries if e.id in wanted)
            after = entries[-1].pos
        return found


@dataclass(frozen=True, slots=True)
class PageInfo:
    index: int
    case_no: str | None
    flags: tuple[str, ...]
    sha256: str


@dataclass(frozen=True, slots=True)
class BatchResult:
    batch: str
    outcome: BatchOutcome
    pages: list[PageInfo] = field(default_factory=list)  # pages scanned in this pass
    page_count: int = 0  # pages of the batch so far
    fault: str = ""
    citizen: str = ""


@dataclass(frozen=True, slots=True)
class CodesResult:
    codes: list[str]  # QR texts of the pass's pages
    fault: str = ""
    citizen: str = ""


class DocumentScanner:
    def __init__(
        self,
        scanner_factory: Callable[[], Scanner],
        store_dir: Path,
        *,
        name: str = "scanner",
        sink: EventSink | None = None,
        probe_every: float = 15.0,
        probe_hang_s: float = 10.0,
    ) -> None:
        self.name = name
        self.probe_every = probe_every
        self.probe_hang_s = probe_hang_s
        self._probe_started: float | None = None
        self._factory = scanner_factory
        self._scanner: Scanner | None = None
        self.store = PageStore(store_dir)
        self.sink = sink
        self._health = DeviceHealth.ok()
        self._citizen = ""
        self._busy = threading.Lock()
        self._stopped = threading.Event()
        self._purger: threading.Thread | None = None
        self._prober: threading.Thread | None = None
        self._health_changed: Callable[[], object] | None = None

    # -- component ---------------------------------------------------------------------------------
    def start(
        self, agent: object | None = None, purge_every: float = 30.0, probe_every: float | None = None
    ) -> None:
        """Resend unsent pages, then purge confirmed ones every ``purge_every`` s and probe the idle
        scanner every ``probe_every`` s (default: the constructor's; 0: never), each on its own thread."""
        probe_every = self.probe_every if probe_every is None else probe_every
        if agent is not None:
            self.sink = AgentSink(agent)
            self._health_changed = getattr(agent, "health_changed", None)
            on_command = getattr(agent, "on_command", None)
            if on_command is not None:
                try:
                    on_command("scanner.scan", self._scan_command)
                except ValueError:  # a second scanner on this host: the first one's handler dispatches
                    log.info("%s: scanner.scan is handled by another scanner component", self.name)
        self.resend_unsent()
        self._stopped.clear()
        self._purger = threading.Thread(target=self._purge_loop, args=(purge_every,), daemon=True,
                                        name=f"{self.name}-purge")  # fmt: skip
        self._purger.start()
        if probe_every > 0:
            self._prober = threading.Thread(target=self._probe_loop, args=(probe_every,), daemon=True,
                                            name=f"{self.name}-probe")  # fmt: skip
            self._prober.start()

    def _probe_loop(self, every: float) -> None:
        while not self._stopped.wait(every):
            try:
                self.probe()
            except Exception:  # a bug in a driver must not end the probing: log it, try again later
                log.exception("%s: probing the scanner failed", self.name)

    def _purge_loop(self, every: float) -> None:
        while not self._stopped.wait(every):
            try:
                self.purge_confirmed()
            except (OSError, ValueError) as exc:  # a bad manifest must not stop purging the others
                log.warning("%s: purging confirmed pages failed: %s", self.name, exc)

    def stop(self) -> None:
        self._stopped.set()
        for thread in (self._purger, self._prober):
            if thread is not None:
                thread.join(timeout=5)

    def probe(self) -> bool | None:
        """Check the idle scanner is there; True/False, or None when a scan is running (it reports itself).

        Missing: health becomes error ``unavailable`` (an alarm for the technician, the citizen is told
        before a scan). Present again: an ``unavailable`` error clears; a jam or open cover stays until a
        scan shows it cleared, since opening the device cannot see the paper path.
        """
        if not self._busy.acquire(blocking=False):
            return None
        try:
            before = self._health
            scanner = self._factory()
            self._probe_started = time.monotonic()
            try:
                scanner.probe()
                fault = None
            except ScanError as exc:
                fault = exc.fault
                log.debug("%s: probe: %s", self.name, exc)
            finally:
                self._probe_started = None
                scanner.close()
            if fault is not None and fault.code != before.code:
                self._health = DeviceHealth.error(fault.code, fault.technician)
                self._citizen = fault.citizen
            elif fault is None and before.code in ("unavailable", "scanner_error"):
                self._health, self._citizen = DeviceHealth.ok(), ""
        finally:
            self._busy.release()
        if self._health != before:
            log.info("%s: %s %s", self.name, self._health.state.value, self._health.reason or "ok")
            if self._health_changed is not None:
                self._health_changed()
        return fault is None

    def health(self) -> ComponentHealth:
        return self.device_health.to_wire()

    def wait_started(self, timeout: float) -> str:
        """After ``start``: "" if the SANE device opens (a probe), else why not (a new configuration is rolled
        back). A scan already running counts as started."""
        if self.probe() is False:
            return self._health.reason or "the scanner cannot be opened"
        return ""

    @property
    def device_health(self) -> DeviceHealth:
        started = self._probe_started
        if started is not None and time.monotonic() - started > self.probe_hang_s:
            # a driver stuck in sane_open: only this scanner's probe thread waits; say so
            return DeviceHealth.error(
                "unavailable", "scanner hangs when opened: power-cycle it or re-plug its cable"
            )
        return self._health

    def routes(self) -> list[Any]:
        from edge_agent.devices.scanner.api import scanner_routes

        return scanner_routes(self)

    # -- scanning ----------------------------------------------------------------------------------
    def scan(self, batch: str | None = None, expected_case: str | None = None) -> BatchResult:
        """One pass of the feeder into ``batch`` (a new one if None)."""
        if self.sink is None:
            raise RuntimeError("the scanner has nowhere to send pages: start it with the agent")
        if batch is not None and (len(batch) != 32 or any(c not in "0123456789abcdef" for c in batch)):
            raise BadRequest("batch must be 32 hex digits (from an earlier scan)")
        if not self._busy.acquire(blocking=False):
            raise BadRequest("the scanner is already scanning")
        try:
            return self._scan(batch or uuid.uuid4().hex, expected_case)
        finally:
            self._busy.release()

    def read_codes(self) -> CodesResult:
        """One pass of the feeder read for its QR codes only (a citizen's receipt at the kiosk): the pages are
        neither stored nor sent, and the texts never reach a log (a receipt's QR holds its query password)."""
        if not self._busy.acquire(blocking=False):
            raise BadRequest("the scanner is already scanning")
        codes: list[str] = []
        fault = None
        try:
            scanner = self._factory()
            try:
                for image in scanner.pages():
                    codes += qr_texts(image)
            except ScanError as exc:
                fault = exc.fault
            finally:
                scanner.close()
        finally:
            self._busy.release()
        if fault is None:
            self._health, self._citizen = DeviceHealth.ok(), ""
        elif fault.code != "no_paper":  # an empty feeder is the citizen's to fix, not a device alarm
            self._health, self._citizen = DeviceHealth.error(fault.code, fault.technician), fault.citizen
        return CodesResult(codes, fault.code if fault else "", fault.citizen if fault else "")

    def _scan_command(self, body: Payload) -> str:
        """The hub's ``scanner.scan`` (staff pressed "scan" on a counter page): one pass into the hub's batch."""
        from wire.payloads.documents import ScanCommand

        if not isinstance(body, ScanCommand) or body.scanner != self.name:
            raise BadRequest(f"this host's scanner is {self.name!r}")
        result = self.scan(body.batch)
        if result.fault:
            raise RuntimeError(f"scan stopped: {result.fault} ({len(result.pages)} pages sent)")
        return f"{len(result.pages)} pages"

    def _scan(self, batch: str, expected_case: str | None) -> BatchResult:
        assert self.sink is not None
        start = self.store.page_count(batch)
        scanned: list[tuple[int, Any]] = []
        fault = None
        # The device is opened for each pass and released after it: an unplugged scanner is simply
        # tried again on the next scan, and another program may use it in between.
        self._scanner = self._factory()
        try:
            for image in self._scanner.pages():
                page = process_page(image, expected_case)
                index = start + len(scanned)
                self.store.add_page(batch, index, page)  # on disk before anything is sent
                scanned.append((index, page))
        except ScanError as exc:
            fault = exc.fault
            log.warning("%s: %s", self.name, exc)
        finally:
            self._scanner.close()
            self._scanner = None
        total = start + len(scanned)
        self._send(batch, scanned, total)
        outcome = BatchOutcome.ABORTED if fault else BatchOutcome.COMPLETED
        if fault is None or scanned:
            self._summarise(batch, outcome, fault.code if fault else "")
        if fault is not None:
            self._health = DeviceHealth.error(fault.code, fault.technician)
            self._citizen = fault.citizen
        else:
            self._health, self._citizen = DeviceHealth.ok(), ""
        infos = [PageInfo(i, p.case_no, tuple(f.value for f in p.flags), p.sha256) for i, p in scanned]
        return BatchResult(batch, outcome, infos, total, fault.code if fault else "", self._citizen)

    def _send(self, batch: str, pages: list[tuple[int, Any]], total: int) -> None:
        assert self.sink is not None
        for index, page in pages:
            ids = [self.sink.emit(event) for event in page_events(page, batch, index, total)]
            self.store.mark_sent(batch, index, ids)

    def _summarise(self, batch: str, outcome: BatchOutcome, reason: str) -> None:
        assert self.sink is not None
        manifest = self.store.manifest(batch)
        cases = sorted({p["case_no"] for p in manifest["pages"] if p["case_no"]})
        flagged = [p["index"] for p in manifest["pages"] if p["flags"]]
        summary = DocumentBatch(batch=batch, outcome=outcome, page_count=len(manifest["pages"]), cases=tuple(cases),
                                flagged_pages=tuple(flagged), reason=reason)  # fmt: skip
        self.store.add_batch_event(batch, self.sink.emit(summary))

    def resend_unsent(self) -> int:
        """Send pages that were stored but not yet handed to the outbox when the agent stopped."""
        if self.sink is None:
            return 0
        unsent = self.store.unsent()
        for batch in sorted({b for b, _, _ in unsent}):
            pages = [(i, p) for b, i, p in unsent if b == batch]
            self._send(batch, pages, self.store.page_count(batch))
            self._summarise(batch, BatchOutcome.ABORTED, "agent_restarted")
        return len(unsent)

    def citizen_message(self) -> str:
        return self._citizen

    def purge_confirmed(self) -> int:
        """Delete local images the hub has confirmed (call after acknowledgements arrive)."""
        if self.sink is None:
            return 0
        return self.store.purge_confirmed(self.sink.pending)
