"""The A4 form printer component: render the form, hand it to the configured queue, audit it as print.job."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from edge_agent.devices.errors import DeviceUnavailable
from edge_agent.devices.forms.queue import PrintQueue
from edge_agent.devices.forms.render import FieldSpec, FormError, FormTemplate, render_form
from edge_agent.devices.health import DeviceHealth
from edge_agent.devices.printer.layout import FontSpec
from edge_agent.routes import ApiError, ApiRequest, ApiResponse, Route
from wire import Payload
from wire.agent_api import FormBody, PrintFormBody
from wire.payloads.device import ComponentHealth
from wire.payloads.documents import PrintJob, PrintKind, PrintOutcome

log = logging.getLogger(__name__)
HEALTH_RECHECK_S = 30.0


def template(form: FormBody) -> FormTemplate:
    """The form template a print request carries."""
    pages = tuple(tuple(FieldSpec(f.key, f.label, f.lines) for f in page) for page in form.pages)
    return FormTemplate(form.code, form.title, pages, form.notes)


class FormPrinter:
    def __init__(
        self,
        queue: PrintQueue,
        font: FontSpec,
        *,
        name: str = "forms",
        emit: Callable[[Payload], object] | None = None,
    ) -> None:
        self.name = name
        self.queue = queue
        self.font = font
        self._emit = emit
        self._health = DeviceHealth.ok()
        self._checked = float("-inf")

    def start(self, agent: object | None = None) -> None:
        emit = getattr(agent, "emit", None)
        if emit is not None:
            self._emit = emit
        self.check()

    def stop(self) -> None:
        pass

    def check(self) -> DeviceHealth:
        """Ask the queue now (``lpstat`` for CUPS)."""
        ok, reason = self.queue.available()
        self._health = DeviceHealth.ok() if ok else DeviceHealth.error("unavailable", reason)
        self._checked = time.monotonic()
        return self._health

    def health(self) -> ComponentHealth:
        # The agent polls every second; asking CUPS that often is wasteful, so re-check every 30 s.
        if time.monotonic() - self._checked > HEALTH_RECHECK_S:
            self.check()
        return self._health.to_wire()

    def print_form(self, body: PrintFormBody) -> str:
        """Render and queue; FormError for bad form data, DeviceUnavailable when the queue refuses."""
        pdf = render_form(
            template(body.form), dict(body.values), body.case_no, self.font, version=body.form.version
        )
        try:
            ref = self.queue.submit(body.job, pdf, body.copies)
        except DeviceUnavailable as exc:
            self._health = DeviceHealth.error("unavailable", str(exc))
            raise
        self._health = DeviceHealth.ok()
        if self._emit is not None:
            self._emit(PrintJob(job=body.job, kind=PrintKind.FORM, printer=self.name, outcome=PrintOutcome.PRINTED,
                                pages=len(body.form.pages) * body.copies, case_no=body.case_no))  # fmt: skip
        return ref

    def routes(self) -> list[Route]:
        def submit(request: ApiRequest) -> ApiResponse:
            body = request.parse(PrintFormBody)
            try:
                ref = self.print_form(body)
            except FormError as exc:
                raise ApiError(400, "bad_form", str(exc)) from None
            except DeviceUnavailable as exc:
                raise ApiError(503, "printer_unavailable", str(exc)) from None
            return ApiResponse(202, {"job": body.job, "queued_as": ref})

        def status(_: ApiRequest) -> dict[str, object]:
            h = self.check()
            return {"state": h.state.value, "code": h.code, "reason": h.reason}

        return [
            Route("POST", f"/v1/{self.name}/print", submit),
            Route("GET", f"/v1/{self.name}/status", status),
        ]
