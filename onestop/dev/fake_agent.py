"""An in-memory agent and hub speaking the agent API of docs/agent-api.md, for tests, screenshots and trying the UI.

Bodies are checked against the real wire models (``case.opened``, ``case.query``, ``service.catalogue``), so
a kiosk that passes against this fake sends what the real agent and hub accept.
"""

from __future__ import annotations

import datetime as dt
import secrets
import threading
from typing import Any
from urllib.parse import urlsplit

from pydantic import ValidationError

from kiosk import agent_api as api
from kiosk.agent_client import AgentError, DeviceProblem, HubUnavailable, TypedCalls, WrongPin
from onestop.dev.fake_library import FakeLibrary
from onestop.dev.fake_services import SAMPLE_FINES, fake_faq_search, fake_fine_lookup, fake_jobs_browse
from wire.agent_api import (
    FINE_SLIPS,
    LIBRARY_CATEGORIES,
    LIBRARY_FORMS,
    LIBRARY_PRINT,
    CaseReceiptBody,
    CodesReply,
    FineSlipBody,
    JobView,
    PageView,
    PaymentSlipBody,
    PrintBody,
    PrintFormBody,
    ReceiptBody,
    ScanBody,
    ScanReply,
    Submitted,
)
from wire.payloads.cases import (
    CaseOpened,
    CaseQuery,
    CaseSlips,
    CaseStatus,
    SlipInfo,
    SlipQuery,
    verify_query_password,
)
from wire.payloads.enrolment import (
    BoardRequest,
    BoardResponse,
    BoardRow,
    RegisterRequest,
    RegisterResponse,
    ResultRequest,
    ResultResponse,
)
from wire.payloads.kiosk import CatalogueResponse
from wire.payloads.visits import KioskVisit
from wire.printed import qr_content, slip_codes
from wire.registry import Payload


def _form(code: str, title: str) -> dict[str, Any]:
    return {"code": code, "title": title, "version": 1, "notes": "",
            "pages": [[{"key": "name", "label": "姓名", "lines": 1}, {"key": "phone", "label": "電話", "lines": 1},
                       {"key": "address", "label": "地址", "lines": 2}]]}  # fmt: skip


def _svc(code: str, name: str, name_en: str, agency: str, agency_en: str, identity: str, fee: int = 0,
         per_copy: bool = False, fields: tuple[str, ...] = ("phone",), forms: tuple[dict[str, Any], ...] = (),
         group: str | None = None) -> dict[str, Any]:  # fmt: skip
    fees = [{"item": "規費", "amount": fee, "per_copy": per_copy}] if fee else []
    return {"code": code, "name": name, "name_en": name_en, "agency": agency, "agency_en": agency_en,
            "identity": identity, "fees": fees, "fields": list(fields), "forms": list(forms), "group": group}  # fmt: skip


SAMPLE_SERVICES: tuple[dict[str, Any], ...] = (
    _svc("HR-TRANSCRIPT", "請領戶籍謄本", "Household registration transcript", "民政處", "Civil Affairs",
         "card", 15, True, ("phone", "copies"), group="CIVIL"),
    _svc("DISABLED-PARKING", "身心障礙專用停車識別證", "Disabled parking permit", "社會處", "Social Affairs",
         "light", forms=(_form("DP-01", "身心障礙專用停車識別證申請書"),), group="WELFARE"),
    _svc("ZONING-CERT", "都市計畫土地使用分區證明", "Land-use zoning certificate", "城鄉發展處",
         "Urban Development", "light", 100, True, ("phone", "copies"), (_form("ZC-01", "土地使用分區證明申請書"),), group="URBAN"),
    _svc("JOB-SEEKER", "求職登記", "Job-seeker registration", "勞動處", "Labour", "light",
         forms=(_form("JS-01", "求職登記表"),), group="LABOUR"),
    _svc("TRAINING-SIGNUP", "職業訓練報名", "Vocational training sign-up", "勞動處", "Labour", "light", group="LABOUR"),
    _svc("GOOD-CONDUCT", "警察刑事紀錄證明（良民證）", "Police criminal record certificate", "警察局", "Police",
         "card", 100, True, ("phone", "copies"), (_form("GC-01", "警察刑事紀錄證明申請書"),), group="POLICE"),
    _svc("HOUSE-NUMBER", "門牌證明", "House number certificate", "民政處", "Civil Affairs", "card", 15, True,
         ("phone", "copies"), group="CIVIL"),
    _svc("TAX-SELF-USE", "地價稅自用住宅用地申請", "Land tax owner-occupied rate", "稅務局", "Tax Bureau", "card",
         forms=(_form("TX-01", "地價稅自用住宅用地申請書"),), group="TAX"),
)  # fmt: skip

# The groups the sample services sit in (wire.payloads.kiosk.KioskGroup), in the hub's order.
SAMPLE_GROUPS: tuple[dict[str, Any], ...] = (
    {"code": "CIVIL", "name": "民政業務", "name_en": "Civil affairs", "elsewhere": 4},
    {"code": "WELFARE", "name": "社會福利", "name_en": "Social welfare", "elsewhere": 3},
    {"code": "LABOUR", "name": "勞工服務", "name_en": "Labour and jobs", "elsewhere": 4},
    {"code": "URBAN", "name": "城鄉發展", "name_en": "Urban planning", "elsewhere": 3},
    {"code": "TAX", "name": "稅務", "name_en": "Taxes", "elsewhere": 0},
    {"code": "POLICE", "name": "警政", "name_en": "Police", "elsewhere": 0},
)

KINDERGARTENS: tuple[tuple[str, str, str], ...] = tuple(
    (f"KG{i:03d}", f"市立{zh}國小附設幼兒園", f"{en} Elementary School Kindergarten")
    for i, (zh, en) in enumerate((("中正", "Zhongzheng"), ("大同", "Datong"), ("信義", "Xinyi"), ("仁愛", "Ren'ai"),
        ("和平", "Heping"), ("光復", "Guangfu"), ("民生", "Minsheng"), ("成功", "Chenggong"), ("復興", "Fuxing"),
        ("建國", "Jianguo"), ("新興", "Xinxing"), ("博愛", "Bo'ai")), start=1)
)  # fmt: skip
KG_REFUSAL_CARD = ("此類別須以自然人憑證登入後登記，或洽幼兒園現場登記 "
                   "This category needs the citizen card, or register at the kindergarten")  # fmt: skip
KG_REFUSAL_DUPLICATE = (
    "此幼兒已於 {kg} 登記（編號 {number}），一名幼兒僅能登記一園 Already registered at {kg} ({number})"
)

CITIZEN = {"paper_out": "印表機缺紙，請洽店員補紙；補紙後會自動列印", "jammed": "掃描器卡紙，請洽店員處理",
           "no_paper": "掃描器內沒有文件", "cover_open": "機蓋未關好，請洽店員"}  # fmt: skip
UNCERTAIN_CITIZEN = (
    "印表機剛才重新啟動，請確認是否已取得單據；若未取得，請按「重新列印」或洽服務人員。"  # as the agent says
)
FAKE_ITEM_CODE = "A1B"  # a collection item code of its own, so tests see it come back through the reprint
JOBS_PREFIX = api.PRINTER_JOBS
CARD_HUB_PREFIX = api.CARD_HUB.removesuffix("{request_type}")
PRINT_BODIES: dict[str, type[PrintBody] | type[PrintFormBody]] = {api.RECEIPTS: ReceiptBody, api.CASE_RECEIPTS: CaseReceiptBody, api.PAYMENT_SLIPS: PaymentSlipBody,
                api.FORMS_PRINT: PrintFormBody, FINE_SLIPS: FineSlipBody}  # fmt: skip


#: the technician's sentence a real agent's device puts beside each code (edge_agent/devices)
FAULT_SENTENCES = {
    "paper_out": "receipt printer is out of paper: load a new roll",
    "cover_open": "receipt printer cover is open: close it",
    "jammed": "scanner paper jam: open the feeder and remove the sheet",
    "unavailable": "the device does not answer: check its cable and power",
}


class FakeAgent(TypedCalls):
    """The agent's routes in memory (``send``), a card slot, a printer, a scanner and a hub that stores cases."""

    def __init__(self, *, pin: str = "123456", holder_name: str = "王小明", id_last4: str = "6789") -> None:
        self._lock = threading.RLock()
        self.pin, self.holder_name, self.id_last4 = pin, holder_name, id_last4
        self.card = "empty"  # the GET /v1/card state
        self.generation = 0
        self.tries_left = 3
        self.hub_online = True
        self.agent_up = True
        self.kg_requests: list[RegisterRequest] = []  # what the hub was asked to register, as received
        self.printer_problem: str | None = None  # paper_out: jobs wait, the status says so
        self.scanner_problem: str | None = None  # jammed: a scan aborts with that fault
        self.scan_pages: list[str | None] = []  # QR case number of each page in the feeder
        self.feeder_images: list[
            Any
        ] = []  # PIL images in the feeder for a QR read (a receipt): decoded by zbar
        self.case_answers: dict[
            str, dict[str, Any]
        ] = {}  # extra CaseStatus fields per case (milestone, note)
        self.services = [dict(s) for s in SAMPLE_SERVICES]
        self.groups = [dict(g) for g in SAMPLE_GROUPS]
        self.cases: dict[str, dict[str, Any]] = {}  # case.opened bodies the hub stored
        self.visits: list[dict[str, Any]] = []  # kiosk.visit bodies the hub stored
        self.outbox: list[tuple[str, dict[str, Any]]] = []  # events waiting for the hub
        self.slips: dict[str, list[dict[str, Any]]] = {}  # unpaid slips per case number
        # online cases: case number -> (service name, the password the citizen chose), wrong tries per number
        self.online_cases: dict[str, tuple[str, str]] = {}
        self.slip_failures: dict[str, int] = {}
        self.jobs: dict[str, tuple[str, dict[str, Any]]] = {}  # print job id -> (route, body)
        self.library = FakeLibrary()  # the forms library cache (issue 15)
        self.printed: list[tuple[str, dict[str, Any]]] = []  # (kind, body) of jobs done, in order
        self.job_states: dict[
            str, str
        ] = {}  # receipt-printer job id -> pending | printing | done | uncertain
        self.cut_interruptions = 0  # the next N receipt-printer jobs die at the cut (come back uncertain)
        self.answers: list[tuple[str, str]] = []  # (job, confirm | reprint) as the kiosk answered
        self.scanned: list[tuple[int, str | None]] = []
        self.kg_page_size = 100  # rows of one enrolment.board page, as the hub sends
        self.kg_places = {(code, pool): (16 if pool == "two_year" else 30) for code, _, _ in KINDERGARTENS
                          for pool in ("two_year", "mixed")}  # fmt: skip
        self.kg_registrations: dict[str, dict[str, Any]] = {}  # number -> register body (as the hub keeps it)
        self.kg_results: dict[str, dict[str, Any]] = {}  # number -> ResultResponse body, drawn or not
        self.fines: list[dict[str, Any]] = list(
            SAMPLE_FINES
        )  # FineInfo bodies + the payer's key (the hub's register)
        self.calls: list[str] = []  # "METHOD path" of every request, for tests (never bodies: PINs)

    # -- test controls ------------------------------------------------------------------------------
    def insert_card(self, *, blocked: bool = False) -> None:
        with self._lock:
            self.card, self.generation = ("blocked" if blocked else "ready"), self.generation + 1

    def remove_card(self) -> None:
        with self._lock:
            self.card, self.generation = "empty", self.generation + 1

    def reconnect(self) -> None:
        """The hub is back: queued events reach it."""
        with self._lock:
            self.hub_online = True
            for kind, body in self.outbox:
                self._deliver(kind, body)
            self.outbox.clear()

    def interrupt_cut(self, job: str) -> None:
        """The agent was killed between sending the cut and recording it: the job is ``uncertain``."""
        with self._lock:
            if job not in self.job_states:
                raise KeyError(job)
            self.job_states[job] = api.JOB_UNCERTAIN

    def add_slip(self, case_no: str, amount: int, due: dt.date) -> None:
        payment_no = f"{secrets.randbelow(10**16):016d}"
        codes = slip_codes(due=due, item_code=FAKE_ITEM_CODE, payment_no=payment_no, amount=amount)
        self.slips.setdefault(case_no, []).append(SlipInfo(
            payment_no=payment_no, amount=amount, due_on=due, barcodes=codes.segments,
            qr=qr_content(case_no=case_no, payment_no=payment_no, amount=amount, due=due),
        ).model_dump(mode="json"))  # fmt: skip

    def put_receipt_in_scanner(self) -> Any:
        """The last case receipt this agent printed, drawn as the real printer draws it (the layout of
        edge_agent's receipt printer, with its QR), laid in the scanner's feeder; returns the image."""
        from edge_agent.devices.factories import find_cjk_font
        from edge_agent.devices.printer.layout import CaseReceipt, blocks_for, render

        body = next(b for kind, b in reversed(self.printed) if kind == "case_receipt")
        receipt = CaseReceipt(body["org"], body["service"], body["case_no"], dt.date.fromisoformat(body["filed_on"]),
                              body.get("query_password"))  # fmt: skip
        image = render(blocks_for(receipt), find_cjk_font()).convert("L")
        self.feeder_images.append(image)
        return image

    # -- the agent's routes -------------------------------------------------------------------------
    def send(self, req: api.Request) -> dict[str, Any]:
        path = urlsplit(req.path).path
        self.calls.append(f"{req.method} {path}")
        if not self.agent_up:
            from kiosk.agent_client import AgentUnavailable

            raise AgentUnavailable("fake agent is down")
        body = req.body or {}
        with self._lock:
            if path.startswith("/v1/library/"):  # the forms library (issue 15)
                return self._library_route(req.method, path, urlsplit(req.path).query, body)
            if req.method == "GET":
                getters = {api.STATUS: self._status, api.CARD: self._card_state,
                           api.PRINTER_STATUS: self._printer_status}  # fmt: skip
                if path in getters:
                    return getters[path]()
            elif path == api.CARD_PIN:
                return self._pin(str(body.get("pin", "")))
            elif path == api.CARD_LOGOUT:
                self.card = "ready" if self.card == "logged_in" else self.card
                return self._card_state()
            elif path.startswith("/v1/events/"):
                return self._event(path.removeprefix("/v1/events/"), body)
            elif path.startswith("/v1/hub/"):
                return self._hub(path.removeprefix("/v1/hub/"), body)
            elif path.startswith(CARD_HUB_PREFIX):  # as the real card component: the session added here
                if self.card != "logged_in":
                    raise AgentError("not_logged_in", "no citizen is logged in with a card on this kiosk")
                session = {"citizen_session": f"fake-card-session-{self.generation}"}
                return self._hub(path.removeprefix(CARD_HUB_PREFIX), {**body, **session})
            elif path in (api.RECEIPTS, api.CASE_RECEIPTS, api.PAYMENT_SLIPS, api.FORMS_PRINT, FINE_SLIPS):
                return self._print(path, body)
            elif path == api.SCANS:
                return self._scan(body)
            elif path == api.SCAN_CODES:
                return self._read_codes()
            if path.startswith(JOBS_PREFIX):
                return self._job_route(req.method, path.removeprefix(JOBS_PREFIX))
        raise AgentError("not_found", f"no route {req.method} {path}")

    def _library_route(self, method: str, path: str, query: str, body: dict[str, Any]) -> dict[str, Any]:
        from urllib.parse import parse_qs

        if method == "GET" and path == LIBRARY_CATEGORIES:
            return self.library.categories()
        if method == "GET" and path == LIBRARY_FORMS:
            return self.library.forms(parse_qs(query).get("category", [""])[0])
        if method == "POST" and path == LIBRARY_PRINT:
            return self.library.print(body)
        raise AgentError("not_found", f"no route {method} {path}")

    def _status(self) -> dict[str, Any]:
        def comp(problem: str | None) -> dict[str, str]:
            """As the agent's components report: a machine code and the technician's sentence."""
            if not problem:
                return {"state": "ok", "reason": "", "code": ""}
            return {"state": "error", "code": problem, "reason": FAULT_SENTENCES.get(problem, problem)}

        return {"online": self.hub_online, "outbox": len(self.outbox), "components":
                {"card": comp(None), "printer": comp(self.printer_problem), "scanner": comp(self.scanner_problem)}}  # fmt: skip

    def _card_state(self) -> dict[str, Any]:
        logged_in = self.card == "logged_in"
        return {"state": self.card, "generation": self.generation, "tries_left": self.tries_left,
                "holder_name": self.holder_name if logged_in else None,
                "id_last4": self.id_last4 if logged_in else None, "error": None, "message": ""}  # fmt: skip

    def _pin(self, pin: str) -> dict[str, Any]:
        if self.card == "empty":
            raise AgentError("no_card", "請插入自然人憑證")
        if self.card == "blocked":
            raise AgentError("pin_blocked", "卡片已鎖住")
        if not pin.isdigit() or not 6 <= len(pin) <= 8:
            raise AgentError("invalid_pin", "PIN 碼為 6 至 8 位數字")
        if not self.hub_online:
            raise HubUnavailable("目前無法連線到中心")
        if not secrets.compare_digest(pin, self.pin):
            self.tries_left -= 1
            if self.tries_left <= 0:
                self.card = "blocked"
                raise AgentError("pin_blocked", "卡片已鎖住")
            raise WrongPin(self.tries_left)
        self.card, self.tries_left = "logged_in", 3
        return self._card_state()

    def _event(self, kind: str, body: dict[str, Any]) -> dict[str, Any]:
        models: dict[str, type[Payload]] = {
            api.EVENT_CASE_OPENED: CaseOpened,
            api.EVENT_KIOSK_VISIT: KioskVisit,
        }
        model = models.get(kind)
        if model is None:
            raise AgentError("unknown_type", f"no event type {kind}")
        model.model_validate(body)  # as the real agent does: a bad body is refused, nothing queued
        if self.hub_online:
            self._deliver(kind, body)
        else:
            self.outbox.append((kind, body))
        return {"id": secrets.token_hex(16), "queued": True}

    def _deliver(self, kind: str, body: dict[str, Any]) -> None:
        if kind == api.EVENT_KIOSK_VISIT:
            self.visits.append(body)
        else:
            self.cases[body["case_no"]] = body

    def _hub(self, kind: str, body: dict[str, Any]) -> dict[str, Any]:
        if not self.hub_online:
            raise HubUnavailable("目前無法連線到中心，請稍後再試")
        if kind == api.HUB_CATALOGUE:
            answer = {"version": 3, "services": self.services, "groups": self.groups}
            return CatalogueResponse.model_validate(answer).model_dump(mode="json")
        if kind == api.HUB_CASE_QUERY:
            query = CaseQuery.model_validate(body)
            case = self.cases.get(query.case_no)
            if case is None or not verify_query_password(query.password, case["password_hash"]):
                return CaseStatus(found=False).model_dump(mode="json")
            service = next(s for s in self.services if s["code"] == case["service"])
            answer = {
                "milestone_name": "審核中",
                "milestone_name_en": "Under review",
                "due_on": dt.date(2026, 12, 4),
                "service_name_en": service["name_en"],
                **self.case_answers.get(query.case_no, {}),
            }
            if not query.english:  # as the hub: the English names only for a caller that asks
                answer["service_name_en"] = answer["milestone_name_en"] = None
            return CaseStatus(found=True, case_no=query.case_no, service_name=service["name"],
                              slips=tuple(self.slips.get(query.case_no, ())), **answer).model_dump(mode="json")  # fmt: skip
        if kind == api.HUB_CASE_SLIP:
            return self._case_slip(SlipQuery.model_validate(body))
        if kind == api.HUB_ENROLMENT_BOARD:
            return self._kg_board(BoardRequest.model_validate(body))
        if kind == api.HUB_ENROLMENT_RESULT:
            result = ResultRequest.model_validate(body)
            found = self.kg_results.get(result.number)
            if found is None or self.kg_registrations[result.number]["birth"] != result.birth:
                raise AgentError("not_found", "查無此登記 No such registration")
            return ResultResponse.model_validate(found).model_dump(mode="json")
        if kind == api.HUB_ENROLMENT_REGISTER:
            return self._kg_register(RegisterRequest.model_validate(body))
        if kind == "fine.lookup":
            return fake_fine_lookup(self.fines, body)
        if kind == "faq.search":
            return fake_faq_search(body)
        if kind == "jobs.browse":
            return fake_jobs_browse(body)
        raise AgentError("unknown_type", f"no request type {kind}")

    def _case_slip(self, query: SlipQuery) -> dict[str, Any]:
        """``case.slip`` as the hub answers it: five wrong tries per number, then limited."""
        failures = self.slip_failures.get(query.case_no, 0)
        if failures >= 5:
            return CaseSlips(found=False, limited=True, tries_left=0).model_dump(mode="json")
        online = self.online_cases.get(query.case_no)
        if online is None or online[1] != query.password.strip().upper():
            self.slip_failures[query.case_no] = failures + 1
            return CaseSlips(found=False, tries_left=4 - failures).model_dump(mode="json")
        answer = {"found": True, "case_no": query.case_no, "service_name": online[0],
                  "slips": self.slips.get(query.case_no, [])}  # fmt: skip
        return CaseSlips.model_validate(answer).model_dump(mode="json")

    # -- kindergarten enrolment (the hub's answers, shaped by wire/payloads/enrolment.py) ----------
    def _kg_board(self, req: BoardRequest) -> dict[str, Any]:
        rows = []
        for code, zh, en in KINDERGARTENS:
            if (req.kindergarten and code != req.kindergarten) or (req.after and code <= req.after):
                continue
            for pool in ("two_year", "mixed"):
                regs = sum(1 for r in self.kg_registrations.values() if r["kindergarten"] == code
                           and r["pool"] == pool and r["phase"] == req.phase)  # fmt: skip
                rows.append(BoardRow(kindergarten=code, name_zh=zh, name_en=en, pool=pool,
                                     places=self.kg_places[(code, pool)], registrations=regs, vacancies=None))  # fmt: skip
        page, more = rows[: self.kg_page_size], len(rows) > self.kg_page_size
        while more and len(page) > 1 and page[-1].kindergarten == rows[len(page)].kindergarten:
            page = page[:-1]  # a kindergarten's pools stay on one page, so ``after`` loses none
        return BoardResponse(phase=req.phase, rows=page, more=more).model_dump(mode="json")

    def add_registration(self, number: str, kindergarten: str, birth: str, pool: str = "mixed",
                         status: str = "registered", rank: int | None = None, respond_by: str | None = None,
                         child: str = "") -> None:  # fmt: skip
        self.kg_registrations[number] = {"kindergarten": kindergarten, "birth": birth, "pool": pool, "phase": 1,
                                         "child": child}  # fmt: skip
        self.kg_results[number] = ResultResponse(number=number, kindergarten=kindergarten, phase=1, status=status,
                                                 rank=rank, respond_by=respond_by).model_dump(mode="json")  # fmt: skip

    def _kg_register(self, req: RegisterRequest) -> dict[str, Any]:
        if req.category != "g_resident" and not req.citizen_session:
            raise AgentError("card_required", KG_REFUSAL_CARD)
        self.kg_requests.append(req)
        if req.kindergarten not in {code for code, _, _ in KINDERGARTENS}:
            raise AgentError("unknown_kindergarten", "查無此幼兒園 No such kindergarten")
        for number, first in self.kg_registrations.items():
            if first["child"] == req.national_id and first["phase"] == req.phase:
                raise AgentError(
                    "duplicate", KG_REFUSAL_DUPLICATE.format(kg=first["kindergarten"], number=number)
                )
        born = dt.date.fromisoformat(req.birth)
        age = (
            2026 - born.year - (1 if (born.month, born.day) > (9, 1) else 0)
        )  # 115 school year, 1 Sep cut-off
        if not 2 <= age <= 5:
            raise AgentError("age", "幼兒年齡不在招生範圍 The child is outside every age bracket")
        number = f"{len(self.kg_registrations) + 1:010d}"
        self.add_registration(number, req.kindergarten, req.birth, "two_year" if age == 2 else "mixed",
                              child=req.national_id)  # fmt: skip
        roc = f"{born.year - 1911:03d}-{born:%m-%d}"
        return RegisterResponse(number=number, kindergarten=req.kindergarten, phase=req.phase,
                                child="******" + req.national_id[-4:], birth=f"{roc} ({born.isoformat()})", age=age,
                                group=f"L{age:02d}R0", identified="card" if req.citizen_session else "light"
                                ).model_dump(mode="json")  # fmt: skip

    def _print(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        try:  # as the real agent does: a body it would refuse is refused here too
            job = PRINT_BODIES[path].model_validate(body).job
        except ValidationError as exc:
            raise AgentError("invalid_body", str(exc.errors(include_url=False)[0]["msg"])) from None
        new = job not in self.jobs
        if new:
            kind = {api.RECEIPTS: "receipt", api.CASE_RECEIPTS: "case_receipt", api.PAYMENT_SLIPS: "slip", FINE_SLIPS: "slip",
                    api.FORMS_PRINT: "form"}[path]  # fmt: skip
            self.jobs[job] = (kind, body)
            if self.printer_problem is None:
                self.printed.append((kind, body))
            if kind != "form":  # A4 forms go through lp, not the receipt printer's job store
                state = "printing" if self.printer_problem else "done"
                if self.cut_interruptions > 0 and state == "done":
                    self.cut_interruptions -= 1
                    state = api.JOB_UNCERTAIN
                self.job_states[job] = state
        return Submitted(job=job, state="pending", new=new).model_dump(mode="json")

    def _job(self, job: str) -> dict[str, Any]:
        if job not in self.job_states:
            raise AgentError("no_such_job", f"no print job {job}")
        kind = {"slip": "payment_slip"}.get(self.jobs[job][0], self.jobs[job][0])
        state = self.job_states[job]
        citizen = UNCERTAIN_CITIZEN if state == api.JOB_UNCERTAIN else None
        return JobView(job=job, kind=kind, state=state, attempts=1, reason="", citizen=citizen).to_json()

    def _job_route(self, method: str, rest: str) -> dict[str, Any]:
        job, _, action = rest.partition("/")
        if method == "GET" and not action:
            return self._job(job)
        if method != "POST" or action not in ("confirm", "reprint"):
            raise AgentError("not_found", f"no route {method} {JOBS_PREFIX}{rest}")
        self._job(job)  # 404 first
        if self.job_states[job] != api.JOB_UNCERTAIN:
            raise AgentError("not_uncertain", "這張單據已經處理過了")
        self.answers.append((job, action))
        if action == "reprint":
            self.printed.append(self.jobs[job])  # one more full copy
        self.job_states[job] = "done"
        return self._job(job)

    def _printer_status(self) -> dict[str, Any]:
        if self.printer_problem:
            return {"state": "error", "code": self.printer_problem, "reason": self.printer_problem,
                    "citizen": CITIZEN.get(self.printer_problem, "請洽店員")}  # fmt: skip
        return {"state": "ok", "code": "", "reason": "", "citizen": ""}

    def _read_codes(self) -> dict[str, Any]:
        """As the agent's scanner: every QR on the pages in the feeder, read by zbar; nothing kept."""
        from edge_agent.devices.scanner.pages import qr_texts

        if self.scanner_problem:
            return CodesReply(
                fault=self.scanner_problem, citizen=CITIZEN.get(self.scanner_problem, "")
            ).model_dump(mode="json")
        if not self.feeder_images:
            return CodesReply(fault="no_paper", citizen=CITIZEN["no_paper"]).model_dump(mode="json")
        images, self.feeder_images = self.feeder_images, []
        return CodesReply(codes=[t for image in images for t in qr_texts(image)]).model_dump(mode="json")

    def _scan(self, body: dict[str, Any]) -> dict[str, Any]:
        try:
            batch = ScanBody.model_validate(body).batch or secrets.token_hex(16)
        except ValidationError as exc:
            raise AgentError("invalid_body", str(exc.errors(include_url=False)[0]["msg"])) from None
        if self.scanner_problem:
            return ScanReply(batch=batch, outcome="aborted", fault=self.scanner_problem,
                             citizen=CITIZEN.get(self.scanner_problem, "")).model_dump(mode="json")  # fmt: skip
        if not self.scan_pages:
            return ScanReply(batch=batch, outcome="aborted", fault="no_paper",
                             citizen=CITIZEN["no_paper"]).model_dump(mode="json")  # fmt: skip
        pages = [PageView(index=i, case_no=qr, flags=[] if qr else ["no_qr"], sha256=secrets.token_hex(32))
                 for i, qr in enumerate(self.scan_pages)]  # fmt: skip
        self.scanned.extend(enumerate(self.scan_pages))
        self.scan_pages = []
        return ScanReply(batch=batch, outcome="completed", pages=pages, page_count=len(pages),
                         fault=None).model_dump(mode="json")  # fmt: skip


__all__ = ["SAMPLE_GROUPS", "SAMPLE_SERVICES", "DeviceProblem", "FakeAgent"]
