"""The agent's loopback HTTP API as a contract: route paths, request bodies and replies (docs/agent-api.md).

The agent's route modules validate with these models and answer with them, the kiosk builds its requests
with them, and the development fake agent checks and answers with the very same ones, so the three cannot
drift apart. Pure: pydantic only.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

# -- routes (component routes use the component's configured name; these are the usual names) ------------
STATUS = "/v1/status"
CARD = "/v1/card"
CARD_PIN = "/v1/card/pin"
CARD_LOGOUT = "/v1/card/logout"
#: a hub request sent with the logged-in citizen's card session added by the agent (``citizen_session``)
CARD_HUB = "/v1/card/hub/{request_type}"
EVENTS = "/v1/events/{type}"
HUB = "/v1/hub/{request_type}"
PROVISIONING_STATUS = "/v1/provisioning/status"
PROVISIONING_FACTORY_RESET = "/v1/provisioning/factory-reset"
PRINTER = "printer"
SCANNER = "scanner"
FORMS = "forms"


def printer_path(name: str = PRINTER) -> str:
    """``/v1/<printer>``: the prefix of a receipt printer component's routes."""
    return f"/v1/{name}"


RECEIPTS = printer_path() + "/receipts"
CASE_RECEIPTS = printer_path() + "/case-receipts"
PAYMENT_SLIPS = printer_path() + "/payment-slips"
FINE_SLIPS = printer_path() + "/fine-slips"
PRINTER_STATUS = printer_path() + "/status"
PRINTER_JOBS = printer_path() + "/jobs/"
PRINTER_JOB = PRINTER_JOBS + "{job}"
PRINTER_JOB_CONFIRM = PRINTER_JOB + "/confirm"
PRINTER_JOB_REPRINT = PRINTER_JOB + "/reprint"
FORMS_PRINT = f"/v1/{FORMS}/print"
#: the counter's A4 printer (issue 14); its body is ``wire.payloads.a4print.PrintDocumentBody``
A4PRINTER = "a4printer"
A4_PRINT = f"/v1/{A4PRINTER}/print"
A4_JOB = f"/v1/{A4PRINTER}/jobs/{{job}}"
A4_STATUS = f"/v1/{A4PRINTER}/status"
SCANS = f"/v1/{SCANNER}/scans"
#: the forms library cached on the agent (issue 15): categories, a category's forms, print one
LIBRARY = "library"
LIBRARY_CATEGORIES = f"/v1/{LIBRARY}/categories"
LIBRARY_FORMS = f"/v1/{LIBRARY}/forms"  # ?category=CODE
LIBRARY_PRINT = f"/v1/{LIBRARY}/print"
#: one pass of the feeder read for its QR codes only (a receipt held to the scanner): nothing is kept or sent
SCAN_CODES = f"/v1/{SCANNER}/codes"

# -- shared field shapes --------------------------------------------------------------------------------
JobId = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{32}$")]
Line = Annotated[str, StringConstraints(min_length=1, max_length=200)]
CaseNo = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9-]{0,31}$")]
Text = Annotated[str, StringConstraints(min_length=1, max_length=100)]

# Receipt-printer job states (GET .../jobs/{job}); ``uncertain``: the agent died at the cut and only the
# citizen knows whether the slip came out, so the kiosk asks (confirm or reprint).
JOB_SETTLED = frozenset({"done", "failed"})
JOB_UNCERTAIN = "uncertain"


class Body(BaseModel):
    """A request body: unknown fields are refused, so a typo is an error and not a silent default."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    def to_json(self) -> dict[str, Any]:
        """The JSON object sent: the fields the caller set (defaults it left alone are not sent)."""
        return self.model_dump(mode="json", exclude_unset=True)


# -- card -----------------------------------------------------------------------------------------------
class PinBody(Body):
    pin: str  # checked by the card service (6-8 digits); it travels to this host's agent only


# -- receipt printer ------------------------------------------------------------------------------------
class PrintBody(Body):
    job: JobId  # made by the kiosk; sending the same id again never prints a second copy


class ReceiptBody(PrintBody):
    title: Line
    lines: Annotated[list[tuple[Line, Line]], Field(max_length=40)]
    qr: Annotated[str, StringConstraints(max_length=300)] | None = None
    footer: Annotated[str, StringConstraints(max_length=500)] = ""


class CaseReceiptBody(PrintBody):
    org: Line
    service: Line
    case_no: CaseNo
    filed_on: date
    query_password: Annotated[str, StringConstraints(max_length=32)] | None = None
    due_on: date | None = None


class PaymentSlipBody(PrintBody):
    org: Line
    service: Line
    case_no: CaseNo
    payment_no: Annotated[str, StringConstraints(pattern=r"^[0-9A-Z]{1,16}$")]
    amount: Annotated[int, Field(ge=1)]
    due: date
    item_code: Annotated[str, StringConstraints(pattern=r"^[0-9A-Z]{3}$")]


class FineSlipBody(PrintBody):
    """A fine's receipt 罰鍰繳納憑證 and its store slip (seed 004:1823-1835), from the hub's ``fine.lookup``
    answer: the payer's ID already has its last 4 as ``*``."""

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


class Submitted(BaseModel):
    """202 to a print request: the job is on the agent's disk; ``new`` is False for a repeated job id."""

    job: str
    state: str
    new: bool


class JobView(BaseModel):
    """GET .../jobs/{job}: ``citizen`` (what to tell the citizen) only while the job is ``uncertain``."""

    job: str
    kind: str  # receipt | case_receipt | payment_slip
    state: str  # pending | printing | cutting | done | failed | uncertain
    attempts: int
    reason: str
    citizen: str | None = None

    def to_json(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude_none=True)


# -- A4 forms -------------------------------------------------------------------------------------------
class FieldBody(Body):
    key: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,39}$")]
    label: Text
    lines: Annotated[int, Field(ge=1, le=10)] = 1


class FormBody(Body):
    code: Annotated[str, StringConstraints(pattern=r"^[A-Z0-9][A-Z0-9-]{1,31}$")]
    title: Text
    pages: Annotated[
        list[Annotated[list[FieldBody], Field(max_length=30)]], Field(min_length=1, max_length=20)
    ]
    notes: Annotated[str, StringConstraints(max_length=1000)] = ""
    version: Annotated[int, Field(ge=1, le=100_000)] | None = (
        None  # the library version, printed on every page
    )


class PrintFormBody(Body):
    job: JobId
    case_no: CaseNo
    form: FormBody
    values: Annotated[dict[str, Annotated[str, StringConstraints(max_length=200)]], Field(max_length=60)] = {}
    copies: Annotated[int, Field(ge=1, le=5)] = 1


# -- the forms library (issue 15) ------------------------------------------------------------------------
class LibraryPrintBody(Body):
    """Print the newest cached version of a library form (blank, for handwriting)."""

    job: JobId
    form: Annotated[str, StringConstraints(pattern=r"^[A-Z0-9][A-Z0-9-]{1,31}$")]
    copies: Annotated[int, Field(ge=1, le=5)] = 1


class LibraryCategoryView(BaseModel):
    code: str
    name: str
    name_en: str
    forms: int  # how many forms of this category the agent has cached


class LibraryCategories(BaseModel):
    """GET /v1/library/categories: ``revision`` 0 = nothing cached yet; ``online`` false = offline now."""

    revision: int
    online: bool
    categories: list[LibraryCategoryView]


class LibraryFormView(BaseModel):
    code: str
    category: str
    title: str
    title_en: str
    version: int
    effective: str
    kind: str  # template | pdf


class LibraryForms(BaseModel):
    category: str
    forms: list[LibraryFormView]


class LibraryPrinted(BaseModel):
    job: str
    form: str
    version: int
    queued_as: str


# -- scanner --------------------------------------------------------------------------------------------
class ScanBody(Body):
    batch: JobId | None = None  # continue this batch (after a jam)
    case_no: CaseNo | None = None


class PageView(BaseModel):
    index: int  # 0 = the first page
    case_no: str | None  # read from the page's QR code; None = flagged for staff
    flags: list[str]
    sha256: str


class ScanReply(BaseModel):
    """POST .../scans: ``outcome`` completed or aborted (then ``fault`` says why)."""

    batch: str
    outcome: str
    pages: list[PageView] = []  # pages scanned in this pass
    page_count: int = 0  # pages of the batch so far
    fault: str | None = ""
    citizen: str = ""


class CodesReply(BaseModel):
    """POST .../codes: the QR texts read from the pages of one pass (nothing stored, nothing sent to the hub);
    ``fault`` (no_paper, jammed, ...) when the pass failed, then ``citizen`` says what to do."""

    codes: Annotated[list[Annotated[str, StringConstraints(max_length=500)]], Field(max_length=20)] = []
    fault: str | None = None
    citizen: str = ""


__all__ = [
    "CARD",
    "CARD_HUB",
    "CARD_LOGOUT",
    "CARD_PIN",
    "CASE_RECEIPTS",
    "EVENTS",
    "FINE_SLIPS",
    "FORMS_PRINT",
    "HUB",
    "JOB_SETTLED",
    "JOB_UNCERTAIN",
    "LIBRARY",
    "LIBRARY_CATEGORIES",
    "LIBRARY_FORMS",
    "LIBRARY_PRINT",
    "PAYMENT_SLIPS",
    "PRINTER_JOB",
    "PRINTER_JOBS",
    "PRINTER_JOB_CONFIRM",
    "PRINTER_JOB_REPRINT",
    "PRINTER_STATUS",
    "RECEIPTS",
    "SCANS",
    "SCAN_CODES",
    "STATUS",
    "Body",
    "CaseReceiptBody",
    "CodesReply",
    "FieldBody",
    "FineSlipBody",
    "FormBody",
    "JobView",
    "PageView",
    "PaymentSlipBody",
    "PinBody",
    "PrintBody",
    "PrintFormBody",
    "ReceiptBody",
    "ScanBody",
    "ScanReply",
    "Submitted",
]
