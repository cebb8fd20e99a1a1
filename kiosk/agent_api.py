"""The one place that spells the local agent's HTTP routes, request bodies and replies, as the kiosk uses them.

Routes as assumed until docs/agent-api.md settles them (see docs/kiosk.md); wiring the kiosk to a
different agent shape is a change to this module only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

JSON = dict[str, Any]

# Routes of the agent's loopback API.
STATUS = "/v1/status"
CARD = "/v1/card"
CARD_PIN = "/v1/card/pin"
CARD_LOGOUT = "/v1/card/logout"
HUB = "/v1/hub/{request_type}"
PRINT_RECEIPT = "/v1/printer/receipt"
PRINT_SLIP = "/v1/printer/slip"
PRINT_FORM = "/v1/forms/print"
SCAN = "/v1/scanner/scan"

# Request types forwarded to the hub through ``POST /v1/hub/{request_type}``.
HUB_CATALOGUE = "service.catalogue"
HUB_LIGHT_ID = "auth.light"
HUB_CASE_OPEN = "case.open"
HUB_CASE_PROGRESS = "case.progress"


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
    reason: str = ""


@dataclass(frozen=True, slots=True)
class DeviceStatus:
    online: bool  # the agent's MQTT session to the hub is up
    queued: int  # events waiting in the agent's outbox
    components: tuple[ComponentStatus, ...] = ()


@dataclass(frozen=True, slots=True)
class CardState:
    present: bool
    reader_ok: bool = True
    status: str = "absent"  # absent | ready | blocked | unknown


@dataclass(frozen=True, slots=True)
class Login:
    session: str
    holder_name: str


@dataclass(frozen=True, slots=True)
class HubReply:
    body: JSON
    queued: bool = False  # the hub was away: the agent keeps the request in its outbox
    request_id: str | None = None


@dataclass(frozen=True, slots=True)
class PrintJob:
    job_id: str
    status: str  # printed | queued


@dataclass(frozen=True, slots=True)
class ScannedPage:
    index: int
    case_no: str | None  # read from the page's QR code; None = flagged for staff
    accepted: bool


@dataclass(frozen=True, slots=True)
class ScanResult:
    pages: tuple[ScannedPage, ...] = field(default_factory=tuple)


def status() -> Request:
    return Request("GET", STATUS, timeout=2.0)


def card_state() -> Request:
    # Short timeout: card removal must reset the kiosk within 2 s.
    return Request("GET", CARD, timeout=1.0)


def verify_pin(pin: str) -> Request:
    # The PIN goes to the agent on this host only; the agent verifies it on the card.
    return Request("POST", CARD_PIN, {"pin": pin}, timeout=10.0)


def card_logout() -> Request:
    return Request("POST", CARD_LOGOUT, {}, timeout=2.0)


def hub(request_type: str, body: JSON, *, queue_if_offline: bool = False) -> Request:
    return Request(
        "POST",
        HUB.format(request_type=request_type),
        {"body": body, "queue_if_offline": queue_if_offline},
        timeout=15.0,
    )


def print_receipt(receipt: JSON) -> Request:
    return Request("POST", PRINT_RECEIPT, receipt, timeout=30.0)


def print_slip(case_no: str, payment: JSON) -> Request:
    return Request("POST", PRINT_SLIP, {"case_no": case_no, "payment": payment}, timeout=30.0)


def print_form(form_id: str, case_no: str, fields: JSON) -> Request:
    return Request(
        "POST", PRINT_FORM, {"form_id": form_id, "case_no": case_no, "fields": fields}, timeout=60.0
    )


def scan(case_no: str | None, *, test: bool = False) -> Request:
    return Request("POST", SCAN, {"case_no": case_no, "test": test}, timeout=120.0)


def parse_status(data: JSON) -> DeviceStatus:
    comps = tuple(
        ComponentStatus(str(name), str(c.get("state", "error")), str(c.get("reason", "")))
        for name, c in sorted(dict(data.get("components", {})).items())
    )
    return DeviceStatus(bool(data.get("online", False)), int(data.get("queued", 0)), comps)


def parse_card_state(data: JSON) -> CardState:
    return CardState(
        bool(data.get("present", False)), bool(data.get("reader_ok", True)), str(data.get("status", "absent"))
    )


def parse_login(data: JSON) -> Login:
    return Login(str(data["session"]), str(data.get("holder", {}).get("name", "")))


def parse_hub_reply(data: JSON) -> HubReply:
    return HubReply(dict(data.get("body") or {}), bool(data.get("queued", False)), data.get("request_id"))


def parse_print_job(data: JSON) -> PrintJob:
    return PrintJob(str(data.get("job_id", "")), str(data.get("status", "printed")))


def parse_scan(data: JSON) -> ScanResult:
    return ScanResult(
        tuple(
            ScannedPage(int(p["index"]), p.get("case_no"), bool(p.get("accepted", False)))
            for p in data.get("pages", [])
        )
    )


# Bodies of the hub requests (payload models are the cases engineer's wire/payloads; these follow them).
def light_id_body(national_id: str, birth_date: str) -> JSON:
    return {"national_id": national_id, "birth_date": birth_date}


def case_open_body(service: str, identity: JSON, fields: JSON, request_id: str) -> JSON:
    return {
        "service": service,
        "channel": "kiosk",
        "identity": identity,
        "fields": fields,
        "request_id": request_id,
    }


def progress_body(case_no: str, password: str) -> JSON:
    return {"case_no": case_no, "password": password}
