"""Local API of the receipt printer for the kiosk: print receipt / case receipt / payment slip, job state."""

from __future__ import annotations

from typing import TYPE_CHECKING

from edge_agent.devices.errors import BadRequest
from edge_agent.devices.printer.layout import CaseReceipt, Document, PaymentSlip, Receipt
from edge_agent.devices.printer.spool import JobState, SpooledJob
from edge_agent.routes import ApiError, ApiRequest, ApiResponse, Route
from wire.agent_api import CaseReceiptBody, JobView, PaymentSlipBody, ReceiptBody, Submitted

if TYPE_CHECKING:
    from edge_agent.devices.printer.service import ReceiptPrinter


def document(body: ReceiptBody | CaseReceiptBody | PaymentSlipBody) -> Document:
    """The printable document a print request asks for."""
    if isinstance(body, ReceiptBody):
        return Receipt(body.title, tuple(body.lines), body.qr, body.footer)
    if isinstance(body, CaseReceiptBody):
        return CaseReceipt(
            body.org, body.service, body.case_no, body.filed_on, body.query_password, body.due_on
        )
    return PaymentSlip(
        body.org, body.service, body.case_no, body.payment_no, body.amount, body.due, body.item_code
    )


def _job_view(job: SpooledJob) -> dict[str, object]:
    citizen = None
    if job.state is JobState.UNCERTAIN:
        from edge_agent.devices.printer.service import UNCERTAIN_CITIZEN

        citizen = UNCERTAIN_CITIZEN
    view = JobView(job=job.id, kind=job.kind, state=job.state.value, attempts=job.attempts, reason=job.reason,
                   citizen=citizen)  # fmt: skip
    return view.to_json()


def printer_routes(printer: ReceiptPrinter) -> list[Route]:
    base = f"/v1/{printer.name}"

    def submit(model: type[ReceiptBody] | type[CaseReceiptBody] | type[PaymentSlipBody]):  # type: ignore[no-untyped-def]
        def handler(request: ApiRequest) -> ApiResponse:
            body = request.parse(model)
            try:
                job, new = printer.submit(body.job, document(body))
            except BadRequest as exc:
                raise ApiError(400, "bad_document", str(exc)) from None
            return ApiResponse(
                202, Submitted(job=job.id, state=job.state.value, new=new).model_dump(mode="json")
            )

        return handler

    def job(request: ApiRequest) -> dict[str, object]:
        found = printer.spool.get(request.params["job"])
        if found is None:
            raise ApiError(404, "no_such_job", f"no print job {request.params['job']} on this kiosk")
        return _job_view(found)

    def resolve(printed: bool):  # type: ignore[no-untyped-def]
        def handler(request: ApiRequest) -> dict[str, object]:
            try:
                found = printer.resolve(request.params["job"], printed)
            except KeyError:
                raise ApiError(
                    404, "no_such_job", f"no print job {request.params['job']} on this kiosk"
                ) from None
            except BadRequest as exc:
                raise ApiError(409, "not_uncertain", str(exc)) from None
            return _job_view(found)

        return handler

    def status(_: ApiRequest) -> dict[str, object]:
        health = printer.device_health
        return {"state": health.state.value, "code": health.code, "reason": health.reason,
                "citizen": printer.citizen_message(), "queued": printer.spool.pending_count()}  # fmt: skip

    return [
        Route("POST", f"{base}/receipts", submit(ReceiptBody)),
        Route("POST", f"{base}/case-receipts", submit(CaseReceiptBody)),
        Route("POST", f"{base}/payment-slips", submit(PaymentSlipBody)),
        Route("GET", f"{base}/jobs/{{job}}", job),
        Route("POST", f"{base}/jobs/{{job}}/confirm", resolve(True)),
        Route("POST", f"{base}/jobs/{{job}}/reprint", resolve(False)),
        Route("GET", f"{base}/status", status),
    ]
