"""A4 documents printed at a counter's CUPS printer: the hub's print command, the agent's job-state events,
and the body of the agent's loopback ``POST /v1/a4printer/print``."""

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from wire.enums import Channel
from wire.payloads.documents import ComponentName, JobId
from wire.registry import Payload, payload

#: Largest PDF sent in one command (bytes before base64): its envelope stays under the 1 MiB payload limit.
MAX_PDF_BYTES = 600_000
MAX_PDF_B64 = (MAX_PDF_BYTES + 2) // 3 * 4
PdfBase64 = Annotated[
    str, StringConstraints(pattern=r"^[A-Za-z0-9+/]+={0,2}$", min_length=8, max_length=MAX_PDF_B64)
]
Title = Annotated[str, StringConstraints(min_length=1, max_length=100)]
DocumentNo = Annotated[
    str, StringConstraints(pattern=r"^[A-Za-z0-9\u4e00-\u9fff][A-Za-z0-9\u4e00-\u9fff-]{0,47}$")
]


class A4JobState(StrEnum):
    """Where a job is: waiting in the queue (also while the printer is stopped), printing, done, given up."""

    PENDING = "pending"
    PRINTING = "printing"
    COMPLETED = "completed"
    FAILED = "failed"

    @property
    def final(self) -> bool:
        return self in (A4JobState.COMPLETED, A4JobState.FAILED)


class PrintDocumentBody(BaseModel):
    """What to print: a ready A4 PDF (base64), a title CUPS shows, copies, the document number if any."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    job: JobId
    title: Title
    pdf_b64: PdfBase64
    copies: Annotated[int, Field(ge=1, le=5)] = 1
    document_no: DocumentNo | None = None


@payload(Channel.COMMAND, "a4printer.print")
class PrintDocument(Payload):
    """The hub asks a counter agent to print a PDF on its A4 printer; ``job`` makes a resend print once."""

    job: JobId
    title: Title
    pdf_b64: PdfBase64
    copies: Annotated[int, Field(ge=1, le=5)] = 1
    document_no: DocumentNo | None = None

    def body(self) -> PrintDocumentBody:
        return PrintDocumentBody(**self.model_dump())


@payload(Channel.EVENT, "a4printer.job")
class A4JobUpdate(Payload):
    """A job changed state at the printer (sent on every change; the last one is final)."""

    job: JobId
    printer: ComponentName
    state: A4JobState
    queue: Annotated[str, StringConstraints(max_length=127)]
    cups_job: Annotated[int, Field(ge=0)] | None = None
    document_no: DocumentNo | None = None
    #: why it waits or failed, in the printer's words (e.g. "out of paper"), for staff and technicians
    reason: Annotated[str, StringConstraints(max_length=500)] = ""
    paper_out: bool = False
