"""The kiosk's calls to the local agent: requests built from the contract in ``wire.agent_api``, replies read.

Follows docs/agent-api.md (core, card and peripheral routes) and the wire payloads ``case.opened``,
``case.query``, ``case.slip`` and ``service.catalogue``; the routes and bodies themselves are spelled in ``wire.agent_api``.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from wire import agent_api as contract
from wire.agent_api import (
    Body,
    CaseReceiptBody,
    PaymentSlipBody,
    PinBody,
    PrintFormBody,
    ReceiptBody,
    ScanBody,
)

JSON = dict[str, Any]

# The routes and job states, as the kiosk's callers name them (spelled once, in wire.agent_api).
CARD = contract.CARD
CARD_LOGOUT = contract.CARD_LOGOUT
CARD_PIN = contract.CARD_PIN
CARD_HUB = contract.CARD_HUB
CASE_RECEIPTS = contract.CASE_RECEIPTS
EVENTS = contract.EVENTS
FORMS_PRINT = contract.FORMS_PRINT
HUB = contract.HUB
JOB_SETTLED = contract.JOB_SETTLED
JOB_UNCERTAIN = contract.JOB_UNCERTAIN
PAYMENT_SLIPS = contract.PAYMENT_SLIPS
PRINTER_JOB = contract.PRINTER_JOB
PRINTER_JOBS = contract.PRINTER_JOBS
PRINTER_JOB_CONFIRM = contract.PRINTER_JOB_CONFIRM
PRINTER_JOB_REPRINT = contract.PRINTER_JOB_REPRINT
PRINTER_STATUS = contract.PRINTER_STATUS
RECEIPTS = contract.RECEIPTS
SCANS = contract.SCANS
SCAN_CODES = contract.SCAN_CODES
STATUS = contract.STATUS

EVENT_CASE_OPENED = "case.opened"
EVENT_KIOSK_VISIT = "kiosk.visit"
HUB_CATALOGUE = "service.catalogue"
HUB_CASE_QUERY = "case.query"
HUB_CASE_SLIP = "case.slip"
HUB_ENROLMENT_BOARD = "enrolment.board"
HUB_ENROLMENT_RESULT = "enrolment.result"
HUB_ENROLMENT_REGISTER = "enrolment.register"

PRINT_TIMEOUT = 30.0  # the job is on the agent's disk before it answers; rendering may take a while

# Card states of GET /v1/card in which a card is in the reader.
CARD_IN = frozenset({"reading", "ready", "blocked", "unusable", "logged_in"})


@dataclass(frozen=True, slots=True)
class Request:
    method: str
    path: str
    body: JSON | None = None
    timeout: float = 5.0


@dataclass(frozen=True, slots=True)
class ComponentStatus:
    name: str
    state: str  # ok | warning | error
    reason: str = ""  # the agent's sentence for the technician (English, sometimes both languages)
    code: str = ""  # the problem as a machine name (``paper_out``); "" from an older agent


@dataclass(frozen=True, slots=True)
class DeviceStatus:
    online: bool  # the agent is connected to the broker now
    queued: int  # events not yet acknowledged by the hub
    components: tuple[ComponentStatus, ...] = ()


@dataclass(frozen=True, slots=True)
class CardState:
    state: str  # no_reader | empty | reading | ready | blocked | unusable | logged_in
    generation: int = 0  # changes on every insertion and removal
    holder_name: str = ""
    id_last4: str = ""
    tries_left: int | None = None
    error: str = ""

    @property
    def present(self) -> bool:
        return self.state in CARD_IN


@dataclass(frozen=True, slots=True)
class Queued:
    event_id: str


@dataclass(frozen=True, slots=True)
class ScannedPage:
    index: int  # 0 = the first page
    case_no: str | None  # read from the page's QR code; None = flagged for staff
    flags: tuple[str, ...] = ()

    @property
    def accepted(self) -> bool:
        return self.case_no is not None


@dataclass(frozen=True, slots=True)
class ScanResult:
    batch: str
    completed: bool
    pages: tuple[ScannedPage, ...] = ()
    fault: str = ""  # jammed | cover_open | no_paper | unavailable when not completed


@dataclass(frozen=True, slots=True)
class Codes:
    """The QR texts the scanner read in one pass (a receipt), or the fault that stopped it."""

    texts: tuple[str, ...] = ()
    fault: str = ""


@dataclass(frozen=True, slots=True)
class JobState:
    job: str
    kind: str  # receipt | case_receipt | payment_slip
    state: str  # pending | printing | cutting | done | failed | uncertain
    citizen: str = ""  # the agent's words for the citizen (set when uncertain)

    @property
    def settled(self) -> bool:
        return self.state in JOB_SETTLED

    @property
    def uncertain(self) -> bool:
        return self.state == JOB_UNCERTAIN


def new_job_id() -> str:
    """Print jobs are named by the kiosk: the same id twice never prints twice."""
    return secrets.token_hex(16)


def status() -> Request:
    return Request("GET", STATUS, timeout=2.0)


def card_state() -> Request:
    return Request("GET", CARD, timeout=1.0)  # removal must reset the kiosk within 2 s


def verify_pin(pin: str) -> Request:
    return Request(
        "POST", CARD_PIN, PinBody(pin=pin).to_json(), timeout=15.0
    )  # the PIN goes to this host's agent only


def card_logout() -> Request:
    return Request("POST", CARD_LOGOUT, {}, timeout=2.0)


def emit(event_type: str, body: JSON) -> Request:
    return Request("POST", EVENTS.format(type=event_type), body, timeout=5.0)


def hub(request_type: str, body: JSON, timeout: float = 5.0, *, card: bool = False) -> Request:
    """A request to the hub through the agent; ``card``: with the logged-in card session added by the agent."""
    route = CARD_HUB if card else HUB
    return Request(
        "POST", route.format(request_type=request_type) + f"?timeout={timeout:g}", body, timeout=timeout + 2
    )


def _checked(model: type[Body], raw: JSON) -> JSON:
    """``raw`` as the contract's ``model`` sends it; a body the contract refuses is sent as it is, so the
    agent answers its 400 naming the field and the kiosk shows that error like any other refusal."""
    try:
        return model.model_validate(raw).to_json()
    except ValidationError:
        return raw


def print_receipt(title: str, lines: list[tuple[str, str]], footer: str = "") -> Request:
    body = {"job": new_job_id(), "title": title, "lines": [list(line) for line in lines], "footer": footer}
    return Request("POST", RECEIPTS, _checked(ReceiptBody, body), timeout=PRINT_TIMEOUT)


def print_case_receipt(org: str, service: str, case_no: str, filed_on: dt.date, password: str) -> Request:
    body = {"job": new_job_id(), "org": org, "service": service, "case_no": case_no,
            "filed_on": filed_on.isoformat(), "query_password": password}  # fmt: skip
    return Request("POST", CASE_RECEIPTS, _checked(CaseReceiptBody, body), timeout=PRINT_TIMEOUT)


def print_payment_slip(org: str, service: str, case_no: str, slip: JSON) -> Request:
    """A slip from ``case.query``'s ``slips``; the item code is the last 3 characters of segment 1."""
    body = {"job": new_job_id(), "org": org, "service": service, "case_no": case_no,
            "payment_no": slip["payment_no"], "amount": slip["amount"], "due": slip["due_on"],
            "item_code": str(slip["barcodes"][0])[6:9]}  # fmt: skip
    return Request("POST", PAYMENT_SLIPS, _checked(PaymentSlipBody, body), timeout=PRINT_TIMEOUT)


def print_form(case_no: str, form: JSON, values: JSON, copies: int = 1) -> Request:
    keys = {line["key"] for page in form["pages"] for line in page}
    body = {"job": new_job_id(), "case_no": case_no, "copies": copies,
            "form": {"code": form["code"], "title": form["title"], "pages": form["pages"],
                     "notes": form.get("notes", ""), **({"version": form["version"]} if form.get("version") else {})},
            "values": {k: str(v) for k, v in values.items() if k in keys}}  # fmt: skip
    return Request(
        "POST", FORMS_PRINT, _checked(PrintFormBody, body), timeout=60.0
    )  # the agent renders first


def printer_status() -> Request:
    return Request("GET", PRINTER_STATUS, timeout=2.0)


def print_job(job: str) -> Request:
    return Request("GET", PRINTER_JOB.format(job=job), timeout=2.0)


def confirm_job(job: str) -> Request:
    """The citizen has the slip: the agent marks the uncertain job printed (409 ``not_uncertain`` if answered)."""
    return Request("POST", PRINTER_JOB_CONFIRM.format(job=job), {}, timeout=5.0)


def reprint_job(job: str) -> Request:
    """The citizen has no slip: the agent prints one more full copy (409 ``not_uncertain`` if answered)."""
    return Request("POST", PRINTER_JOB_REPRINT.format(job=job), {}, timeout=PRINT_TIMEOUT)


def scan(case_no: str | None, batch: str | None = None) -> Request:
    fields = {"case_no": case_no, "batch": batch}
    return Request("POST", SCANS, _checked(ScanBody, {k: v for k, v in fields.items() if v}), timeout=180.0)


def scan_codes() -> Request:
    """Read the QR codes of what is in the scanner (a receipt); the agent keeps and sends nothing."""
    return Request("POST", SCAN_CODES, {}, timeout=60.0)


def case_opened(case: JSON) -> Request:
    return emit(EVENT_CASE_OPENED, case)


def catalogue(known_version: int = 0) -> Request:
    return hub(HUB_CATALOGUE, {"known_version": known_version})


def case_query_body(case_no: str, password: str) -> JSON:
    """Asks for the English names too: the answer is shown on a zh-TW or an English screen, one language
    each (issue 18 defect 7)."""
    return {"case_no": case_no, "password": password, "english": True}


def case_query(case_no: str, password: str) -> Request:
    return hub(HUB_CASE_QUERY, case_query_body(case_no, password))


def enrolment_board(phase: int, after: str | None = None) -> Request:
    """One page (at most 100 rows) of the live kindergarten board; ``after`` = the last page's last code."""
    body: JSON = {"phase": phase}
    if after:
        body["after"] = after
    return hub(HUB_ENROLMENT_BOARD, body)


def enrolment_result(number: str, birth: str) -> Request:
    return hub(HUB_ENROLMENT_RESULT, {"number": number, "birth": birth})


def enrolment_register(kindergarten: str, national_id: str, birth: str, category: str, phase: int = 1,
                       *, phone: str = "", card: bool = False) -> Request:  # fmt: skip
    """The child's ID and the parent's phone travel in this body only (never a path or a log); the hub
    answers the masked ID. ``card``: through the card component, which adds the parent's card-login session
    (the kiosk never holds that token)."""
    body: JSON = {"kindergarten": kindergarten, "phase": phase, "national_id": national_id, "birth": birth,
                  "category": category}  # fmt: skip
    if phone:
        body["phone"] = phone
    return hub(HUB_ENROLMENT_REGISTER, body, timeout=10.0, card=card)


def parse_status(data: JSON) -> DeviceStatus:
    comps = tuple(
        ComponentStatus(
            str(name), str(c.get("state", "error")), str(c.get("reason", "")), str(c.get("code") or "")
        )
        for name, c in sorted(dict(data.get("components") or {}).items())
    )
    return DeviceStatus(bool(data.get("online", False)), int(data.get("outbox", 0)), comps)


def parse_card_state(data: JSON) -> CardState:
    tries = data.get("tries_left")
    return CardState(
        state=str(data.get("state", "no_reader")),
        generation=int(data.get("generation") or 0),
        holder_name=str(data.get("holder_name") or ""),
        id_last4=str(data.get("id_last4") or ""),
        tries_left=None if tries is None else int(tries),
        error=str(data.get("error") or ""),
    )


def parse_queued(data: JSON) -> Queued:
    return Queued(str(data.get("id", "")))


def parse_job(data: JSON) -> JobState:
    return JobState(str(data.get("job", "")), str(data.get("kind", "")), str(data.get("state", "")),
                    str(data.get("citizen") or ""))  # fmt: skip


def parse_scan(data: JSON) -> ScanResult:
    pages = tuple(
        ScannedPage(int(p["index"]), p.get("case_no"), tuple(str(f) for f in p.get("flags") or ()))
        for p in data.get("pages") or ()
    )
    return ScanResult(str(data.get("batch", "")), data.get("outcome") == "completed", pages,
                      str(data.get("fault") or ""))  # fmt: skip


def parse_codes(data: JSON) -> Codes:
    return Codes(tuple(str(t) for t in data.get("codes") or ()), str(data.get("fault") or ""))
