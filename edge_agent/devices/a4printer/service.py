"""The A4 printer component: PDFs from the hub or the local API go to CUPS; job state and paper-out reported."""

from __future__ import annotations

import base64
import binascii
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from edge_agent.devices.a4printer.cups_ipp import CupsServer
from edge_agent.devices.a4printer.states import PrinterStatus, job_state, printer_health, waiting_reason
from edge_agent.devices.a4printer.store import JobStore
from edge_agent.devices.errors import DeviceUnavailable
from edge_agent.devices.health import DeviceHealth
from edge_agent.routes import ApiError, ApiRequest, ApiResponse, Route
from wire import Payload
from wire.payloads.a4print import A4JobState, A4JobUpdate, PrintDocument, PrintDocumentBody
from wire.payloads.device import ComponentHealth

log = logging.getLogger(__name__)
KEEP_JOBS = 500
IDLE_CHECK_S = 5.0


class PrintRefused(ValueError):
    """The document cannot be printed as sent (not a PDF); ``code`` for the API answer."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True, slots=True)
class JobRecord:
    job: str
    cups_job: int
    title: str
    state: A4JobState
    reason: str = ""
    paper_out: bool = False
    document_no: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"job": self.job, "cups_job": self.cups_job, "state": self.state.value, "reason": self.reason,
                "paper_out": self.paper_out, "document_no": self.document_no, "title": self.title}  # fmt: skip


class A4Printer:
    """Component ``a4printer``: one CUPS queue; a job id prints once, however often it is sent."""

    def __init__(
        self, server: CupsServer, queue: str, *, name: str = "a4printer", poll_s: float = 0.5,
        emit: Callable[[Payload], object] | None = None, store: JobStore | None = None,
    ) -> None:  # fmt: skip
        self.name = name
        self.store = store or JobStore()
        self.server = server
        self.queue = queue
        self.poll_s = poll_s
        self._emit = emit
        self._health_changed: Callable[[], None] = lambda: None
        self._health = DeviceHealth.ok()
        self._status: PrinterStatus | None = None
        self._jobs: OrderedDict[str, JobRecord] = OrderedDict()
        self._lock = threading.Lock()
        self._submit_lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._changed = threading.Condition()

    # -- component protocol ---------------------------------------------------------------------------
    def start(self, agent: Any = None) -> None:
        if agent is not None:
            self._emit = getattr(agent, "emit", self._emit)
            self._health_changed = getattr(agent, "health_changed", self._health_changed)
            on_command = getattr(agent, "on_command", None)
            if on_command is not None:
                on_command(PrintDocument.TYPE, self._on_command)
        self.refresh()
        self._thread = threading.Thread(target=self._watch, name=f"onestop-{self.name}", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=10)

    def health(self) -> ComponentHealth:
        return self._health.to_wire()

    # -- printing ---------------------------------------------------------------------------------------
    def submit(self, body: PrintDocumentBody) -> JobRecord:
        """Queue the PDF (once per job id); PrintRefused if it is not a PDF, DeviceUnavailable if CUPS refuses."""
        try:
            pdf = base64.b64decode(body.pdf_b64, validate=True)
        except (binascii.Error, ValueError):
            raise PrintRefused("not_pdf", "pdf_b64 is not base64") from None
        if not pdf.startswith(b"%PDF-"):
            raise PrintRefused("not_pdf", "pdf_b64 does not hold a PDF (no %PDF- header)")
        with self._submit_lock:
            with self._lock:
                known = self._jobs.get(body.job)
            if known is not None:
                return known
            cups_job = self.store.get(body.job)  # sent before a restart of the agent
            if cups_job is None:
                try:
                    cups_job = self.server.submit(self.queue, pdf, body.job, body.copies)
                except DeviceUnavailable as exc:
                    self._set_health(DeviceHealth.error("unavailable", str(exc)))
                    raise
                self.store.put(body.job, cups_job, self.queue)
            record = JobRecord(
                body.job, cups_job, body.title, A4JobState.PENDING, document_no=body.document_no
            )
            self._store(record)
        log.info("a4 job %s queued as CUPS job %s on %s", body.job, cups_job, self.queue)
        self._report(record)
        self._wake.set()
        return record

    def job(self, job_id: str) -> JobRecord | None:
        with self._lock:
            return self._jobs.get(job_id)

    def wait_for(self, job_id: str, states: set[A4JobState], timeout: float) -> JobRecord | None:
        """Block until the job reaches one of ``states`` (for tools and tests); the record, or None on timeout."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                record = self.job(job_id)
                if record is not None and record.state in states:
                    return record
                left = deadline - time.monotonic()
                if left <= 0:
                    return record if record is not None and record.state in states else None
                self._changed.wait(left)

    def _on_command(self, body: Payload) -> str:
        assert isinstance(body, PrintDocument)
        record = self.submit(body.body())
        return f"queued as CUPS job {record.cups_job} on {self.queue}"

    # -- watching CUPS ---------------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Ask CUPS about the queue and every unfinished job now; report what changed."""
        try:
            status: PrinterStatus | None = self.server.printer(self.queue)
            unreachable = ""
        except DeviceUnavailable as exc:
            status, unreachable = None, str(exc)
        self._status = status
        self._set_health(printer_health(status, unreachable))
        with self._lock:
            active = [r for r in self._jobs.values() if not r.state.final]
        for record in active:
            try:
                info = self.server.job(record.cups_job)
            except DeviceUnavailable as exc:
                new = replace(record, reason=str(exc))
            else:
                state = job_state(info.ipp_state)
                reason = waiting_reason(status) if state is A4JobState.PENDING else ""
                if state is A4JobState.FAILED:
                    reason = info.message or "CUPS cancelled or aborted the job"
                paper_out = bool(status and status.paper_out and not state.final)
                new = replace(record, state=state, reason=reason, paper_out=paper_out)
            if new != record:
                self._store(new)
                self._report(new)

    def _watch(self) -> None:
        while not self._stop.is_set():
            with self._lock:
                busy = any(not r.state.final for r in self._jobs.values())
            self._wake.wait(self.poll_s if busy else IDLE_CHECK_S)
            self._wake.clear()
            if self._stop.is_set():
                return
            try:
                self.refresh()
            except Exception:  # one bad poll must not end the watcher
                log.exception("a4 printer: polling CUPS failed")

    def _store(self, record: JobRecord) -> None:
        with self._lock:
            self._jobs[record.job] = record
            self._jobs.move_to_end(record.job)
            while len(self._jobs) > KEEP_JOBS:
                self._jobs.popitem(last=False)
        with self._changed:
            self._changed.notify_all()

    def _report(self, record: JobRecord) -> None:
        if self._emit is None:
            return
        self._emit(A4JobUpdate(job=record.job, printer=self.name, state=record.state, queue=self.queue[:127],
                               cups_job=record.cups_job, document_no=record.document_no,
                               reason=record.reason[:500], paper_out=record.paper_out))  # fmt: skip

    def _set_health(self, health: DeviceHealth) -> None:
        if health != self._health:
            self._health = health
            self._health_changed()

    # -- local API ----------------------------------------------------------------------------------------------
    def routes(self) -> list[Route]:
        def submit(request: ApiRequest) -> ApiResponse:
            body = request.parse(PrintDocumentBody)
            try:
                record = self.submit(body)
            except PrintRefused as exc:
                raise ApiError(400, exc.code, str(exc)) from None
            except DeviceUnavailable as exc:
                raise ApiError(503, "printer_unavailable", str(exc)) from None
            return ApiResponse(202, record.as_dict())

        def job(request: ApiRequest) -> dict[str, Any]:
            record = self.job(request.params["job"])
            if record is None:
                raise ApiError(404, "no_such_job", f"no A4 job {request.params['job']} at this printer")
            return record.as_dict()

        def status(_: ApiRequest) -> dict[str, Any]:
            self.refresh()
            s = self._status
            return {"queue": self.queue, "state": self._health.state.value, "code": self._health.code,
                    "reason": self._health.reason, "paper_out": bool(s and s.paper_out),
                    "printer_message": s.message if s else ""}  # fmt: skip

        return [
            Route("POST", f"/v1/{self.name}/print", submit),
            Route("GET", f"/v1/{self.name}/jobs/{{job}}", job),
            Route("GET", f"/v1/{self.name}/status", status),
        ]
