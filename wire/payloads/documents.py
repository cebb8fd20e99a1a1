"""Scanned returned documents (pages, in chunks when large) and the audit trail of print jobs."""

from enum import StrEnum
from typing import Annotated

from pydantic import Field, StringConstraints, model_validator

from wire.enums import Channel
from wire.registry import Payload, payload

#: Largest base64 text of one chunk; an envelope with it stays well under the 1 MiB payload limit.
MAX_CHUNK_CHARS = 700_000
#: Largest compressed page accepted (bytes, before base64): 64 chunks.
MAX_PAGE_BYTES = 64 * (MAX_CHUNK_CHARS // 4 * 3)

CaseNo = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9-]{0,31}$")]
BatchId = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{32}$")]
JobId = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{32}$")]
Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
Base64 = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9+/]*={0,2}$", max_length=MAX_CHUNK_CHARS)]
ComponentName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,31}$")]


class MediaType(StrEnum):
    PNG = "image/png"
    JPEG = "image/jpeg"


class PageFlag(StrEnum):
    """Why staff must look at a page by hand."""

    NO_QR = "no_qr"  # no readable OneStop QR code on the page
    OTHER_CASE = "other_case"  # its QR names a different case than the other pages of the batch


@payload(Channel.EVENT, "document.page")
class DocumentPage(Payload):
    """One chunk of one scanned page; most pages fit in one chunk (``chunk_count`` 1).

    The hub assembles the chunks of a page by ``sha256`` (of the whole compressed image), checks the
    hash, and attaches the page to ``case_no`` at position ``page_index`` of the batch. ``page_count`` is
    the batch's page count when the page was sent: a batch continued after a jam sends later pages with a
    larger count (take the largest; ``document.batch`` carries the final one). Storing the same
    (batch, page_index, sha256) twice must be a no-op. ``case_no`` is
    None (and ``flags`` says why) when the page carried no readable QR code; such a page is kept for staff.
    The agent deletes its local copy only after the hub acknowledged every chunk.
    """

    batch: BatchId
    case_no: CaseNo | None
    page_index: Annotated[int, Field(ge=0, le=999)]
    page_count: Annotated[int, Field(ge=1, le=1000)]
    sha256: Sha256
    media_type: MediaType
    size: Annotated[int, Field(ge=1, le=MAX_PAGE_BYTES)]  # bytes of the whole compressed image
    width: Annotated[int, Field(ge=1, le=20_000)]
    height: Annotated[int, Field(ge=1, le=20_000)]
    flags: Annotated[tuple[PageFlag, ...], Field(max_length=4)] = ()
    chunk_index: Annotated[int, Field(ge=0, le=63)] = 0
    chunk_count: Annotated[int, Field(ge=1, le=64)] = 1
    data: Base64

    @model_validator(mode="after")
    def _consistent(self) -> "DocumentPage":
        if self.page_index >= self.page_count:
            raise ValueError(f"page_index {self.page_index} must be below page_count {self.page_count}")
        if self.chunk_index >= self.chunk_count:
            raise ValueError(f"chunk_index {self.chunk_index} must be below chunk_count {self.chunk_count}")
        if self.case_no is None and PageFlag.NO_QR not in self.flags:
            raise ValueError("a page without case_no must carry the flag 'no_qr'")
        return self


class BatchOutcome(StrEnum):
    COMPLETED = "completed"
    ABORTED = "aborted"  # the scanner failed mid-batch (jam, cover open); the pages sent so far stay


@payload(Channel.EVENT, "document.batch")
class DocumentBatch(Payload):
    """A scan batch ended: how many pages it has and which cases they went to (sent after its pages)."""

    batch: BatchId
    outcome: BatchOutcome
    page_count: Annotated[int, Field(ge=0, le=1000)]
    cases: Annotated[tuple[CaseNo, ...], Field(max_length=100)] = ()
    flagged_pages: Annotated[tuple[Annotated[int, Field(ge=0, le=999)], ...], Field(max_length=1000)] = ()
    reason: Annotated[str, StringConstraints(max_length=500)] = ""


class PrintKind(StrEnum):
    RECEIPT = "receipt"
    CASE_RECEIPT = "case_receipt"  # 受理憑單
    PAYMENT_SLIP = "payment_slip"
    FORM = "form"  # A4 form


class PrintOutcome(StrEnum):
    PRINTED = "printed"
    REPRINTED = "reprinted"  # printed again in full after an interruption (e.g. paper out)
    FAILED = "failed"  # given up; ``reason`` says why


@payload(Channel.EVENT, "print.job")
class PrintJob(Payload):
    """Audit record of one print job at the device, made once when the job reached its final outcome."""

    job: JobId
    kind: PrintKind
    printer: ComponentName
    outcome: PrintOutcome
    pages: Annotated[int, Field(ge=0, le=1000)] = 1
    attempts: Annotated[int, Field(ge=1, le=100)] = 1
    case_no: CaseNo | None = None
    payment_no: Annotated[str, StringConstraints(pattern=r"^[0-9A-Z]{1,16}$")] | None = None
    reason: Annotated[str, StringConstraints(max_length=500)] = ""


@payload(Channel.COMMAND, "printer.resolve_job")
class ResolvePrintJob(Payload):
    """A technician's answer for a job the printer left ``uncertain`` (the agent stopped between the cut and
    recording it): ``printed`` true if the citizen has it, false to print one more full copy."""

    job: JobId
    printed: bool


@payload(Channel.COMMAND, "scanner.scan")
class ScanCommand(Payload):
    """Staff at a counter asked the hub for a scan (a seal impression, a signature card, an application): the
    agent's scanner component ``scanner`` makes one pass into ``batch`` (chosen by the hub, so the hub knows
    which pages are the answer); the pages arrive as ``document.page`` events of that batch."""

    batch: BatchId
    scanner: ComponentName = "scanner"
