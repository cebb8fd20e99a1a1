"""The receipt printer component: spools jobs, prints them one by one, watches the printer's status.

A job is rendered and stored before the call returns; a worker thread prints it with a status check
after every band. Paper out / cover open / offline mid-job stops the job; when the printer is ready again
the job is printed again in full, and it is marked done (and audited once as ``print.job``) only after the
cut went through with the printer still ready. An unplugged printer is retried with backoff on this
device's own thread, so it never blocks the other devices.

The state is recorded as ``cutting`` right before the cut is sent. If the agent dies between that and the
``done`` record (a few ms), nobody knows whether the citizen got the slip: after the restart the job is
``uncertain`` (a warning for the technician; the kiosk asks the citizen) and is reprinted only when a person
says it did not come out (``resolve``). A duplicate payment slip is worse than asking.
"""

from __future__ import annotations

import io
import logging
import threading
import time
from collections.abc import Callable

from PIL import Image

from edge_agent.devices.errors import BadRequest, DeviceUnavailable
from edge_agent.devices.health import DeviceHealth
from edge_agent.devices.printer.escpos import PrinterStatus, encode_job
from edge_agent.devices.printer.layout import (
    CaseReceipt,
    Document,
    FineSlip,
    FontSpec,
    PaymentSlip,
    Receipt,
    blocks_for,
    render,
)
from edge_agent.devices.printer.link import PrinterLink
from edge_agent.devices.printer.spool import JobState, PrintSpool, SpooledJob
from edge_agent.devices.serial_port import PORT_BUSY
from edge_agent.routes import Route
from wire import Payload, new_message_id
from wire.payloads.device import ComponentHealth
from wire.payloads.documents import PrintJob, PrintKind, PrintOutcome, ResolvePrintJob
from wire.printed import SlipCodeError, selftest_qr_content

log = logging.getLogger(__name__)

#: What the technician reads (health reason) and what the kiosk shows the citizen, per problem.
PROBLEMS: dict[str, tuple[str, str]] = {
    "paper_out": ("receipt printer is out of paper: load a new roll", "收據印表機缺紙，已通知服務人員補紙，完成後將自動重印。"),
    "cover_open": ("receipt printer cover is open: close it", "收據印表機上蓋未關，請服務人員關閉後將自動續印。"),
    "printer_error": ("receipt printer reports an error: check the cutter and power-cycle it", "收據印表機故障，請洽服務人員。"),
    "offline": ("receipt printer is offline: check power and the paper feed button", "收據印表機離線，請洽服務人員。"),
    "unavailable": ("receipt printer does not answer: check its cable and power", "收據印表機未連線，請洽服務人員。"),
    PORT_BUSY: ("receipt printer port is held by another program", "收據印表機未連線，請洽服務人員。"),
}  # fmt: skip
UNCERTAIN_CITIZEN = "印表機剛才重新啟動，請確認是否已取得單據；若未取得，請按「重新列印」或洽服務人員。"
UNCERTAIN_REASON = (
    "agent stopped between the cut and its record: ask whether the slip came out, then confirm or reprint"
)
_KINDS = {
    CaseReceipt: PrintKind.CASE_RECEIPT,
    PaymentSlip: PrintKind.PAYMENT_SLIP,
    FineSlip: PrintKind.PAYMENT_SLIP,
}


def _png(image: Image.Image) -> bytes:
    buf = io.BytesIO()
    image.save(buf, format="PNG", optimize=False)
    return buf.getvalue()


class ReceiptPrinter:
    def __init__(
        self,
        link: PrinterLink,
        spool: PrintSpool,
        font: FontSpec,
        *,
        name: str = "printer",
        emit: Callable[[Payload], object] | None = None,
        poll: float = 0.5,
        backoff: tuple[float, float] = (0.2, 5.0),
        max_attempts: int = 5,
    ) -> None:
        self.name = name
        self.link = link
        self.spool = spool
        self.font = font
        self._emit = emit
        self.poll = poll
        self.backoff = backoff
        self.max_attempts = max_attempts
        self._health = DeviceHealth.ok()
        self._wake = threading.Event()
        self._stopped = threading.Event()
        self._idle = threading.Event()
        self._first_look = threading.Event()  # the worker has tried the port once since start()
        self._first_problem = ""
        self._thread: threading.Thread | None = None
        self._health_changed: Callable[[], object] | None = None

    # -- component -------------------------------------------------------------------------------
    def start(self, agent: object | None = None) -> None:
        self._health_changed = getattr(agent, "health_changed", None)  # a fault reaches the hub at once
        emit = getattr(agent, "emit", None)
        if emit is not None:
            self._emit = emit
        on_command = getattr(agent, "on_command", None)
        if on_command is not None:
            on_command("device.test_print", self._test_print)
            on_command("printer.resolve_job", self._resolve_command)
        for job in self.spool.mark_uncertain(UNCERTAIN_REASON):
            log.warning("%s: job %s (%s) may or may not have printed: waiting for confirm or reprint",
                        self.name, job.id, job.kind)  # fmt: skip
        self._stopped.clear()
        self._first_look.clear()
        self._first_problem = ""
        self._thread = threading.Thread(target=self._run, name=f"{self.name}-worker", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stopped.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
        self.link.close()

    def health(self) -> ComponentHealth:
        return self._health.to_wire()

    def wait_started(self, timeout: float) -> str:
        """After ``start``: "" once the printer answered on its port (paper out still counts as there), else
        why not (no such port, no answer). A new configuration that gets a reason here is rolled back."""
        if not self._first_look.wait(timeout):
            return f"receipt printer on {getattr(self.link, 'port', '?')} gave no sign within {timeout:g} s"
        return self._first_problem

    @property
    def device_health(self) -> DeviceHealth:
        return self._health

    def citizen_message(self) -> str:
        return PROBLEMS[self._health.code][1] if self._health.code in PROBLEMS else ""

    def routes(self) -> list[Route]:
        from edge_agent.devices.printer.api import printer_routes

        return list(printer_routes(self))

    # -- jobs ------------------------------------------------------------------------------------
    def render(self, doc: Document) -> Image.Image:
        try:
            return render(blocks_for(doc), self.font)
        except SlipCodeError as exc:
            raise BadRequest(str(exc)) from None

    def submit(self, job_id: str, doc: Document) -> tuple[SpooledJob, bool]:
        """Render and spool ``doc`` under ``job_id``; a repeated id returns the first job (never a 2nd copy)."""
        existing = self.spool.get(job_id)
        if existing is not None:
            return existing, False
        image = self.render(doc)
        kind = _KINDS.get(type(doc), PrintKind.RECEIPT)
        job = self.spool.add(
            job_id,
            kind.value,
            _png(image),
            case_no=getattr(doc, "case_no", None),
            payment_no=getattr(doc, "payment_no", None),
        )
        self._idle.clear()
        self._wake.set()
        return job

    def _test_print(self, body: Payload, timeout: float = 30.0) -> str:
        """The technician's ``device.test_print`` command: print a test page, answer when it is cut."""
        when = time.strftime("%Y-%m-%d %H:%M:%S")
        page = Receipt(
            title="測試頁 Test page",
            lines=(("裝置 Device", self.name), ("時間 Time", when), ("中文 Chinese", "正體中文列印正常")),
            qr=selftest_qr_content(when),
            footer="若能讀到本頁，印表機正常。If you can read this, the printer works.",
        )
        job, _ = self.submit(new_message_id(), page)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            current = self.spool.get(job.id)
            if current is not None and current.state is JobState.DONE:
                return f"test page printed (job {job.id})"
            if current is not None and current.state is JobState.FAILED:
                raise RuntimeError(f"test page failed: {current.reason}")
            time.sleep(0.1)
        raise RuntimeError(
            f"test page not printed within {timeout:.0f} s: {self._health.reason or 'printer busy'}"
        )

    def resolve(self, job_id: str, printed: bool) -> SpooledJob:
        """A person's answer for an ``uncertain`` job: it came out (done, audited) or not (printed again).

        KeyError for an unknown job, BadRequest if it is not uncertain (resolved already: nothing changes)."""
        try:
            job = self.spool.resolve(job_id, printed)
        except ValueError as exc:
            raise BadRequest(str(exc)) from None
        if printed:
            self._audit(job, PrintOutcome.REPRINTED if job.interruptions else PrintOutcome.PRINTED)
        else:
            self._idle.clear()
            self._wake.set()
        return job

    def _resolve_command(self, body: Payload) -> str:
        """The technician's ``printer.resolve_job`` command from the hub, answered like the kiosk's buttons."""
        assert isinstance(body, ResolvePrintJob)
        try:
            job = self.resolve(body.job, body.printed)
        except KeyError:
            raise ValueError(f"no print job {body.job} on this printer") from None
        return f"job {job.id}: " + ("confirmed printed" if body.printed else "printing one more copy")

    def wait_idle(self, timeout: float) -> bool:
        """Block until the spool is empty (tests and the demo)."""
        return self._idle.wait(timeout)

    # -- worker ----------------------------------------------------------------------------------
    def _set_health(self, health: DeviceHealth) -> None:
        changed = health != self._health
        if changed:
            log.info("%s: %s %s", self.name, health.state.value, health.reason or "ok")
        self._health = health
        if changed and self._health_changed is not None:
            self._health_changed()

    def _problem(self, code: str) -> None:
        self._set_health(DeviceHealth.error(code, PROBLEMS[code][0]))

    def _ready(self, status: PrinterStatus) -> bool:
        if status.problem:
            self._problem(status.problem)
            return False
        uncertain = self.spool.uncertain()
        if uncertain:
            ids = ", ".join(j.id for j in uncertain[:3]) + (" ..." if len(uncertain) > 3 else "")
            self._set_health(DeviceHealth.warning("uncertain_job", f"{len(uncertain)} job(s) may not have "
                                                  f"printed ({ids}): {UNCERTAIN_REASON}"))  # fmt: skip
        elif status.paper_near_end:
            self._set_health(DeviceHealth.warning("paper_low", "receipt printer paper is running low"))
        else:
            self._set_health(DeviceHealth.ok())
        return True

    def _run(self) -> None:
        while not self._stopped.is_set():
            try:
                self._loop()
            except Exception:  # a bug must not silence the device: report it, back off, go on
                log.exception("%s: worker failed; restarting it", self.name)
                self.link.close()
                self._set_health(
                    DeviceHealth.error("printer_error", "receipt printer worker failed: see the agent log")
                )
                self._stopped.wait(self.backoff[1])

    def _loop(self) -> None:
        delay = self.backoff[0]
        opened = False
        while not self._stopped.is_set():
            try:
                if not opened:
                    self.link.open()
                    opened = True
                ready = self._ready(self.link.status())
                delay = self.backoff[0]
                self._first_look.set()
            except DeviceUnavailable as exc:
                log.debug("%s: %s", self.name, exc)
                if not self._first_look.is_set():
                    self._first_problem = str(exc)
                    self._first_look.set()
                self.link.close()
                opened = False
                if exc.code == PORT_BUSY:  # the exception names the holder
                    self._set_health(DeviceHealth.error(PORT_BUSY, str(exc)))
                else:
                    self._problem("unavailable")
                self._stopped.wait(delay)
                delay = min(delay * 2, self.backoff[1])
                continue
            job = self.spool.next_job() if ready else None
            if job is None:
                if ready and self.spool.pending_count() == 0:
                    self._idle.set()
                self._wake.wait(self.poll)
                self._wake.clear()
                continue
            try:
                self._print(job)
            except DeviceUnavailable:
                self.spool.interrupted(job.id, "unavailable")
                self.link.close()
                opened = False
                self._problem("unavailable")

    def _print(self, job: SpooledJob) -> None:
        if job.attempts >= self.max_attempts:
            self.spool.failed(job.id, f"gave up after {job.attempts} attempts: {job.reason}")
            self._audit(job, PrintOutcome.FAILED)
            return
        self.spool.started(job.id)
        image = Image.open(io.BytesIO(job.image_png))
        chunks = encode_job(image)
        for number, chunk in enumerate(chunks, start=1):
            if number == len(chunks):  # the cut: from here on the copy may be complete in the citizen's hand
                self.spool.cut_sent(job.id)
                try:
                    self.link.write(chunk)
                except DeviceUnavailable:
                    # the cut may or may not have gone out: treat it like a crash at this point
                    self.spool.mark_uncertain(UNCERTAIN_REASON)
                    raise
                break
            self.link.write(chunk)
            status = self.link.status()
            if status.problem:
                log.warning(
                    "%s: job %s interrupted by %s; it will be printed again",
                    self.name,
                    job.id,
                    status.problem,
                )
                self.spool.interrupted(job.id, status.problem)
                self._problem(status.problem)
                return
        self.spool.finished(job.id)
        done = self.spool.get(job.id)
        assert done is not None and done.state is JobState.DONE
        self._audit(done, PrintOutcome.REPRINTED if done.interruptions else PrintOutcome.PRINTED)

    def _audit(self, job: SpooledJob, outcome: PrintOutcome) -> None:
        if self._emit is None:
            return
        self._emit(
            PrintJob(
                job=job.id,
                kind=PrintKind(job.kind),
                printer=self.name,
                outcome=outcome,
                attempts=max(1, job.attempts),
                case_no=job.case_no,
                payment_no=job.payment_no,
                reason=job.reason if outcome is not PrintOutcome.PRINTED else "",
            )
        )
