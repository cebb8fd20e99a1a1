"""An in-memory agent and hub that implement AgentClient as documented, for tests, screenshots and the demo."""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass, field
from typing import Any

from kiosk import agent_api as api
from kiosk.agent_api import CardState, ComponentStatus, DeviceStatus, HubReply, Login, PrintJob, ScanResult
from kiosk.agent_client import AgentError, DeviceProblem, HubUnavailable, WrongPin

SAMPLE_SERVICES: tuple[dict[str, Any], ...] = (
    {"code": "HR-TRANSCRIPT", "name": {"zh-TW": "請領戶籍謄本", "en": "Household registration transcript"},
     "agency": {"zh-TW": "民政處", "en": "Civil Affairs"}, "identity": "card", "fee": 15,
     "fields": ["phone", "copies"], "forms": [], "slip": True},
    {"code": "DISABLED-PARKING", "name": {"zh-TW": "身心障礙專用停車識別證", "en": "Disabled parking permit"},
     "agency": {"zh-TW": "社會處", "en": "Social Affairs"}, "identity": "light", "fee": 0,
     "fields": ["phone"], "forms": ["DP-01"], "slip": False},
    {"code": "ZONING-CERT", "name": {"zh-TW": "都市計畫土地使用分區證明", "en": "Land-use zoning certificate"},
     "agency": {"zh-TW": "城鄉發展處", "en": "Urban Development"}, "identity": "light", "fee": 100,
     "fields": ["phone", "copies"], "forms": ["ZC-01"], "slip": True},
    {"code": "JOB-SEEKER", "name": {"zh-TW": "求職登記", "en": "Job-seeker registration"},
     "agency": {"zh-TW": "勞動處", "en": "Labour"}, "identity": "light", "fee": 0,
     "fields": ["phone"], "forms": ["JS-01"], "slip": False},
    {"code": "TRAINING-SIGNUP", "name": {"zh-TW": "職業訓練報名", "en": "Vocational training sign-up"},
     "agency": {"zh-TW": "勞動處", "en": "Labour"}, "identity": "light", "fee": 0,
     "fields": ["phone"], "forms": [], "slip": False},
    {"code": "GOOD-CONDUCT", "name": {"zh-TW": "警察刑事紀錄證明（良民證）", "en": "Police criminal record certificate"},
     "agency": {"zh-TW": "警察局", "en": "Police"}, "identity": "card", "fee": 100,
     "fields": ["phone", "copies"], "forms": ["GC-01"], "slip": True},
    {"code": "HOUSE-NUMBER", "name": {"zh-TW": "門牌證明", "en": "House number certificate"},
     "agency": {"zh-TW": "民政處", "en": "Civil Affairs"}, "identity": "card", "fee": 15,
     "fields": ["phone", "copies"], "forms": [], "slip": True},
    {"code": "TAX-SELF-USE", "name": {"zh-TW": "地價稅自用住宅用地申請", "en": "Land tax owner-occupied rate"},
     "agency": {"zh-TW": "稅務局", "en": "Tax Bureau"}, "identity": "card", "fee": 0,
     "fields": ["phone"], "forms": ["TX-01"], "slip": False},
)  # fmt: skip


@dataclass
class FakeCase:
    case_no: str
    password: str
    service: str
    fields: dict[str, Any]
    identity: dict[str, Any]
    milestones: list[dict[str, Any]] = field(default_factory=list)


class FakeAgent:
    """AgentClient in memory: a card slot, a printer, a scanner and a hub that stores cases."""

    def __init__(self, *, pin: str = "123456", holder_name: str = "王小明") -> None:
        self._lock = threading.Lock()
        self.pin = pin
        self.holder_name = holder_name
        self.card_present = False
        self.card_blocked = False
        self.tries_left = 3
        self.hub_online = True
        self.agent_up = True
        self.printer_problem: str | None = None  # e.g. "paper_out"
        self.scanner_problem: str | None = None  # e.g. "jam"
        self.scan_pages: list[str | None] = []  # QR content of each page on the scanner
        self.services = [dict(s) for s in SAMPLE_SERVICES]
        self.cases: dict[str, FakeCase] = {}
        self.queued: list[tuple[str, dict[str, Any]]] = []
        self.printed: list[tuple[str, dict[str, Any]]] = []  # (kind, content) of every finished job
        self.scanned: list[ScannedPageRecord] = []
        self.calls: list[str] = []  # request names in order, for tests (never the PIN)
        self._next_case = 11511210001

    # -- test controls ------------------------------------------------------------------------------
    def insert_card(self, *, blocked: bool = False) -> None:
        with self._lock:
            self.card_present, self.card_blocked = True, blocked

    def remove_card(self) -> None:
        with self._lock:
            self.card_present = False

    # -- AgentClient --------------------------------------------------------------------------------
    def _check_up(self, name: str) -> None:
        self.calls.append(name)
        if not self.agent_up:
            from kiosk.agent_client import AgentUnavailable

            raise AgentUnavailable("fake agent is down")

    def status(self) -> DeviceStatus:
        self._check_up("status")
        comps = (
            ComponentStatus("card_reader", "ok"),
            ComponentStatus("printer", "error" if self.printer_problem else "ok", self.printer_problem or ""),
            ComponentStatus("scanner", "error" if self.scanner_problem else "ok", self.scanner_problem or ""),
        )
        return DeviceStatus(self.hub_online, len(self.queued), comps)

    def card_state(self) -> CardState:
        self._check_up("card_state")
        with self._lock:
            if not self.card_present:
                return CardState(False)
            return CardState(True, True, "blocked" if self.card_blocked else "ready")

    def verify_pin(self, pin: str) -> Login:
        self._check_up("verify_pin")
        with self._lock:
            if not self.card_present:
                raise AgentError("card_absent", "no card in the reader")
            if self.card_blocked:
                raise AgentError("card_blocked", "the card is locked")
            if not secrets.compare_digest(pin, self.pin):
                self.tries_left -= 1
                if self.tries_left <= 0:
                    self.card_blocked = True
                    raise AgentError("card_blocked", "the card is locked")
                raise WrongPin(self.tries_left)
            self.tries_left = 3
            return Login(secrets.token_hex(16), self.holder_name)

    def card_logout(self) -> None:
        self._check_up("card_logout")

    def hub_request(
        self, request_type: str, body: dict[str, Any], *, queue_if_offline: bool = False
    ) -> HubReply:
        self._check_up(f"hub:{request_type}")
        if not self.hub_online:
            if queue_if_offline:
                request_id = secrets.token_hex(16)
                self.queued.append((request_type, body))
                return HubReply({}, queued=True, request_id=request_id)
            raise HubUnavailable("the hub cannot be reached")
        handler = {
            api.HUB_CATALOGUE: self._catalogue,
            api.HUB_CASE_OPEN: self._open_case,
            api.HUB_CASE_PROGRESS: self._progress,
            api.HUB_LIGHT_ID: self._light_id,
        }.get(request_type)
        if handler is None:
            raise AgentError("unknown_request", f"the hub does not answer {request_type!r}")
        return HubReply(handler(body))

    def _catalogue(self, body: dict[str, Any]) -> dict[str, Any]:
        return {"version": 1, "services": self.services}

    def _light_id(self, body: dict[str, Any]) -> dict[str, Any]:
        return {"session": secrets.token_hex(16), "level": "light"}

    def _open_case(self, body: dict[str, Any]) -> dict[str, Any]:
        service = next((s for s in self.services if s["code"] == body.get("service")), None)
        if service is None:
            raise AgentError("unknown_service", "no such service")
        case_no, password = str(self._next_case), f"{secrets.randbelow(10**6):06d}"
        self._next_case += 1
        copies = int(body.get("fields", {}).get("copies", 1))
        self.cases[case_no] = FakeCase(
            case_no, password, service["code"], dict(body.get("fields", {})), dict(body.get("identity", {})),
            [{"name": {"zh-TW": "已受理", "en": "Received"}, "at": "2026-11-21", "done": True},
             {"name": {"zh-TW": "審核中", "en": "Under review"}, "at": None, "done": False}],
        )  # fmt: skip
        amount = int(service["fee"]) * copies
        payment = {"amount": amount, "due": "2026-12-05", "payment_no": f"PN{case_no}"} if amount else None
        return {"case_no": case_no, "password": password, "fee": amount, "payment": payment}

    def _progress(self, body: dict[str, Any]) -> dict[str, Any]:
        case = self.cases.get(str(body.get("case_no")))
        if case is None or not secrets.compare_digest(case.password, str(body.get("password", ""))):
            raise AgentError("case_not_found", "no case with this number and password")
        service = next(s for s in self.services if s["code"] == case.service)
        return {"case_no": case.case_no, "service": service["name"], "milestones": case.milestones}

    def _printer(self, kind: str, content: dict[str, Any]) -> PrintJob:
        if self.printer_problem:
            raise DeviceProblem(self.printer_problem, "printer", "printer cannot print")
        self.printed.append((kind, content))
        return PrintJob(f"job-{len(self.printed)}", "printed")

    def print_receipt(self, receipt: dict[str, Any]) -> PrintJob:
        self._check_up("print_receipt")
        return self._printer("receipt", receipt)

    def print_slip(self, case_no: str, payment: dict[str, Any]) -> PrintJob:
        self._check_up("print_slip")
        return self._printer("slip", {"case_no": case_no, **payment})

    def print_form(self, form_id: str, case_no: str, fields: dict[str, Any]) -> PrintJob:
        self._check_up("print_form")
        return self._printer("form", {"form_id": form_id, "case_no": case_no, **fields})

    def scan(self, case_no: str | None, *, test: bool = False) -> ScanResult:
        self._check_up("scan")
        if self.scanner_problem:
            raise DeviceProblem(self.scanner_problem, "scanner", "scanner cannot scan")
        pages = [None] if test and not self.scan_pages else list(self.scan_pages)
        if not pages:
            raise DeviceProblem("no_paper", "scanner", "no pages on the scanner")
        result = tuple(api.ScannedPage(i + 1, qr, qr is not None) for i, qr in enumerate(pages))
        if not test:
            self.scanned.extend(ScannedPageRecord(p.index, p.case_no) for p in result)
            self.scan_pages = []
        return ScanResult(result)


@dataclass(frozen=True, slots=True)
class ScannedPageRecord:
    index: int
    case_no: str | None
