"""Local API of the receipt printer for the kiosk: print receipt / case receipt / payment slip, job state."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from edge_agent.devices.errors import BadRequest
from edge_agent.devices.printer.layout import CaseReceipt, Document, FineSlip, PaymentSlip, Receipt
from edge_agent.devices.printer.spool import JobState, SpooledJob
from edge_agent.routes import ApiError, ApiRequest, ApiResponse, Route

if TYPE_CHECKING:
    from edge_agent.devices.printer.service import ReceiptPrinter

JobId = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{32}$")]
Line = Annotated[str, StringConstraints(min_length=1, max_length=200)]
CaseNo = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9-]{0,31}$")]


class _Body(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    job: JobId  # made by the kiosk; sending the same id again never prints a second copy


class ReceiptBody(_Body):
    title: Line
    lines: Annotated[list[tuple[Line, Line]], Field(max_length=40)]
    qr: Annotated[str, StringConstraints(max_length=300)] | None = None
    footer: Annotated[str, StringConstraints(max_length=500)] = ""

    def document(self) -> Document:
        return Receipt(self.title, tuple(self.lines), self.qr, self.footer)


class CaseReceiptBody(_Body):
    org: Line
    service: Line
    case_no: CaseNo
    filed_on: date
    query_password: Annotated[str, StringConstraints(max_length=32)] | None = None
    due_on: date | None = None

    def document(self) -> Document:
        return CaseReceipt(
            self.org, self.service, self.case_no, self.filed_on, self.query_password, self.due_on
        )


class PaymentSlipBody(_Body):
    org: Line
    service: Line
    case_no: CaseNo
    payment_no: Annotated[str, StringConstraints(pattern=r"^[0-9A-Z]{1,16}$")]
    amount: Annotated[int, Field(ge=1)]
    due: date
    item_code: Annotated[str, StringConstraints(pattern=r"^[0-9A-Z]{3}$")]

    def document(self) -> Document:
        return PaymentSlip(
            self.org, self.service, self.case_no, self.payment_no, self.amount, self.due, self.item_code
        )


class FineSlipBody(_Body):
    """A fine's receipt and store slip, from the hub's ``fine.lookup`` answer (the ID already masked)."""

    payer_masked: Annotated[str, StringConstraints(pattern=r"^[0-9A-Z]{4,12}\*{4}$")]
    payer_name: Line
    fine_no: Annotated[str, StringConstraints(pattern=r"^[0-9A-Z]{6,15}$")]
    issued_on: date
    agency: Line
    decision_no: Line
    rule: Line
    amount: Annotated[int, Field(ge=1)]
    due: date
    payment_no: Annotated[str, StringConstraints(pattern=r"^[0-9A-Z]{1,16}$")]
    item_code: Annotated[str, StringConstraints(pattern=r"^[0-9A-Z]{3}$")]

    def document(self) -> Document:
        return FineSlip(self.payer_masked, self.payer_name, self.fine_no, self.issued_on, self.agency,
                        self.decision_no, self.rule, self.amount, self.due, self.payment_no, self.item_code)  # fmt: skip


def _job_view(job: SpooledJob) -> dict[str, object]:
    view: dict[str, object] = {"job": job.id, "kind": job.kind, "state": job.state.value,
                               "attempts": job.attempts, "reason": job.reason}  # fmt: skip
    if job.state is JobState.UNCERTAIN:
        from edge_agent.devices.printer.service import UNCERTAIN_CITIZEN

        view["citizen"] = UNCERTAIN_CITIZEN
    return view


def printer_routes(printer: ReceiptPrinter) -> list[Route]:
    base = f"/v1/{printer.name}"

    def submit(model: type[ReceiptBody] | type[CaseReceiptBody] | type[PaymentSlipBody] | type[FineSlipBody]):  # type: ignore[no-untyped-def]
        def handler(request: ApiRequest) -> ApiResponse:
            body = request.parse(model)
            try:
                job, new = printer.submit(body.job, body.document())
            except BadRequest as exc:
                raise ApiError(400, "bad_document", str(exc)) from None
            return ApiResponse(202, {"job": job.id, "state": job.state.value, "new": new})

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
        Route("POST", f"{base}/fine-slips", submit(FineSlipBody)),
        Route("GET", f"{base}/jobs/{{job}}", job),
        Route("POST", f"{base}/jobs/{{job}}/confirm", resolve(True)),
        Route("POST", f"{base}/jobs/{{job}}/reprint", resolve(False)),
        Route("GET", f"{base}/status", status),
    ]
