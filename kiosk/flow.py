"""The citizen's path through the kiosk as a presenter: state, validation and agent calls, no Kivy."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from kiosk import agent_api as api
from kiosk.agent_client import (
    AgentClient,
    AgentError,
    AgentUnavailable,
)
from kiosk.catalogue import CatalogueCache, Group, Service, grouped, parse_catalogue, parse_groups
from kiosk.faq import FaqFlow
from kiosk.fines import FinesFlow
from kiosk.forms_library import FormsFlow
from kiosk.jobs import JobsFlow
from kiosk.keypads import (
    InvalidEntry,
    check_case_no,
    check_chosen_password,
    check_national_id,
    check_phone,
    check_pin,
    check_query_password,
    mask_national_id,
    parse_birth_date,
)
from kiosk.kindergarten import KindergartenFlow
from kiosk.print_plan import PrintPlan
from kiosk.print_planning import PrintPlanning
from kiosk.steps import DEVICE_CODES, KNOWN_CODES, Msg, Screen, Step, error_message
from kiosk.technician import TechnicianMode
from wire.payloads.cases import CaseOpened, Origin, hash_query_password, make_case_no, make_query_password
from wire.payloads.cases import Identity as CaseIdentity
from wire.payloads.visits import KioskVisit
from wire.printed import QueryQr

log = logging.getLogger(__name__)
__all__ = [
    "DEVICE_CODES",
    "KNOWN_CODES",
    "Identity",
    "KioskFlow",
    "Msg",
    "Outcome",
    "Screen",
    "Step",
    "error_message",
]
MAX_COPIES = 5


@dataclass(frozen=True, slots=True)
class Identity:
    kind: str  # card | light
    display_name: str  # the card holder's name; for light identification the masked ID number
    id_masked: str = ""
    national_id: str = ""  # light identification only; goes to the hub inside the case, never to a log
    birth_date: str = ""


@dataclass(frozen=True, slots=True)
class Outcome:
    """The application as filed: number and password made here, sent now or queued by the agent."""

    case_no: str
    password: str
    online: bool  # False: the agent keeps the case and sends it when the hub is back
    fee: int = 0
    printed: tuple[str, ...] = ()  # case_receipt, form:<code>
    print_errors: tuple[Msg, ...] = ()


SESSION_ENDING = frozenset(
    {"pin_blocked", "card_blocked", "login_refused"}
)  # after these the PIN pad is no use


class KioskFlow(PrintPlanning, TechnicianMode):
    """Holds everything about the current citizen; ``reset()`` forgets all of it."""

    def __init__(
        self,
        client: AgentClient,
        *,
        cache: CatalogueCache | None = None,
        technician_code: str = "",
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        self.client = client
        self.cache = cache or CatalogueCache(None)
        self.technician_code = technician_code
        self.today = today
        self.services: tuple[Service, ...] = ()
        self.groups: tuple[Group, ...] = ()
        self.catalogue_version = 0
        self.catalogue_offline = False
        self.identity: Identity | None = None
        self.reset()

    def reset(self) -> None:
        """Wipe the citizen's data (identity, fields, results); the catalogue is public and stays."""
        if self.identity is not None and self.identity.kind == "card":
            try:
                self.client.card_logout()
            except AgentError:
                log.warning("card logout failed during reset; the agent ends the session on removal")
        self.identity = None
        self.after_login: Screen | None = None  # where a card login leads instead of the catalogue
        self.service: Service | None = None
        self.group: str | None = None  # the group whose services the catalogue screen lists; None: the groups
        self.phone = ""
        self.copies = 1
        self.outcome: Outcome | None = None
        self.progress: dict[str, Any] | None = None
        self.receipt_read: QueryQr | None = None  # case number (and password) read from a receipt's QR
        self.print_plan: PrintPlan | None = None  # what "print" on the PRINT_PLAN screen prints (defect 4)
        self.password_seen = False  # the done screen showed the query password once; after that it is masked
        self.kindergarten = KindergartenFlow(self.client, self.today)  # board rows, result, registration
        self.fines = FinesFlow(self.client)  # fine look-up and slips (issue 17)
        self.faq = FaqFlow(self.client)  # questions and answers (issue 17)
        self.jobs = JobsFlow(self.client)  # job vacancies by township (issue 17)
        self.forms = FormsFlow(self.client)  # the forms library, printed blank (issue 15)
        self.slips_printed = 0
        self.scan_result: api.ScanResult | None = None
        self.print_jobs: list[str] = []  # receipt-printer jobs of this citizen not yet done or failed
        self.uncertain: api.JobState | None = None  # the job whose slip the citizen is asked about
        self.after_check: Screen = Screen.DONE  # where the flow carries on once they answered
        self.technician = False
        self.device_status: api.DeviceStatus | None = None
        self.tech_result: Msg | None = None
        self.tech_ok = True  # False: the last test failed (shown red with what is wrong, not as a success)
        self.tech_test = ""  # the message key of the last test (tech.test_print / tech.test_scan)

    # -- identification ---------------------------------------------------------------------------
    def submit_pin(self, pin: str) -> Step:
        """The agent checks the PIN on the card and logs in at the hub; the PIN is not kept here."""
        try:
            check_pin(pin)
        except InvalidEntry as exc:
            return Step(error=Msg(exc.key, exc.params))
        try:
            state = self.client.verify_pin(pin)
        except AgentError as exc:
            if exc.code in SESSION_ENDING:  # no PIN can help now: the session ends (take your card)
                return Step(Screen.WELCOME, error_message(exc))
            return Step(error=error_message(exc))
        if state.state != "logged_in":
            return Step(Screen.WELCOME, Msg("error.login_refused"))
        masked = f"******{state.id_last4}" if state.id_last4 else ""
        self.identity = Identity("card", state.holder_name, masked)
        if self.after_login is not None:  # a parent who inserted the card to register a kindergarten
            return Step(self.after_login)
        return self.load_catalogue()

    def submit_light_id(self, national_id: str, birth_text: str) -> Step:
        """ID number (check digit) and birth date, checked here; staff check them against records later."""
        try:
            check_national_id(national_id)
            born = parse_birth_date(birth_text, self.today())
        except InvalidEntry as exc:
            return Step(error=Msg(exc.key, exc.params))
        masked = mask_national_id(national_id)
        self.identity = Identity("light", masked, masked, national_id, born.isoformat())
        return self.load_catalogue()

    # -- catalogue and application ----------------------------------------------------------------
    def load_catalogue(self) -> Step:
        try:
            body = self.client.hub_request(api.HUB_CATALOGUE, {"known_version": 0})
        except AgentError as exc:
            if isinstance(exc, AgentUnavailable):
                return Step(error=error_message(exc))
            # hub away, or it cannot answer the catalogue (yet): the last catalogue it sent will do
            log.warning("service catalogue from the hub failed (%s); using the cached one", exc.code)
            cached = self.cache.load()
            if cached is None and not self.services:
                return Step(Screen.WELCOME, Msg("error.no_catalogue"))
            if cached is not None:
                self.services, self.groups = parse_catalogue(cached), parse_groups(cached)
            self.catalogue_offline = True
            return Step(Screen.CATALOGUE)
        self.services, self.groups = parse_catalogue(body), parse_groups(body)
        self.catalogue_version = int(body.get("version", 0))
        self.catalogue_offline = False
        self.cache.save(body)
        return Step(Screen.CATALOGUE)

    def visible_services(self) -> tuple[Service, ...]:
        kind = self.identity.kind if self.identity else "light"
        return tuple(s for s in self.services if s.allowed_for(kind))

    def catalogue_groups(self) -> tuple[tuple[Group, tuple[Service, ...]], ...]:
        """The groups this citizen sees, each with the services they may use (groups without one are left out)."""
        return grouped(self.visible_services(), self.groups)

    def open_group(self, code: str) -> Step:
        """List one group's services; an unknown or empty group is an error and the groups stay on screen."""
        if not any(group.code == code for group, _ in self.catalogue_groups()):
            return Step(error=Msg("error.unknown_group"))
        self.group = code
        return Step()

    def close_group(self) -> Step:
        self.group = None
        return Step()

    def choose_service(self, code: str) -> Step:
        service = next((s for s in self.visible_services() if s.code == code), None)
        if service is None:
            return Step(error=Msg("error.unknown_service"))
        self.service, self.phone, self.copies = service, "", 1
        return Step(Screen.APPLY)

    def change_copies(self, delta: int) -> None:
        self.copies = min(MAX_COPIES, max(1, self.copies + delta))

    def review(self, phone: str) -> Step:
        if self.service is None or self.identity is None:
            return Step(Screen.WELCOME, Msg("error.session_ended"))
        if "phone" in self.service.fields:
            try:
                self.phone = check_phone(phone)
            except InvalidEntry as exc:
                return Step(error=Msg(exc.key, exc.params))
        return Step(Screen.CONFIRM)

    def fee(self) -> int:
        if self.service is None:
            return 0
        return self.service.fee(self.copies if "copies" in self.service.fields else 1)

    def submit_application(self) -> Step:
        """Make the case number and password here, hand ``case.opened`` to the agent (durable even offline),
        then print the receipt (受理憑單) and any A4 forms. Confirming is the citizen's consent."""
        if self.service is None or self.identity is None:
            return Step(Screen.WELCOME, Msg("error.session_ended"))
        service, identity, today = self.service, self.identity, self.today()
        case_no, password = make_case_no(Origin.KIOSK, today), make_query_password()
        fields: dict[str, str] = {}
        if "copies" in service.fields:
            fields["copies"] = str(self.copies)
        if identity.kind == "light":
            fields["national_id"], fields["birth_date"] = identity.national_id, identity.birth_date
        try:
            event = CaseOpened(case_no=case_no, service=service.code, password_hash=hash_query_password(password),
                               name=identity.display_name or identity.id_masked, phone=self.phone or None,
                               identity=CaseIdentity(identity.kind), consent=True, fields=fields,
                               form_version=service.forms[0]["version"] if service.forms else None)  # fmt: skip
        except ValidationError as exc:
            log.error("case.opened would be refused: %s", exc.errors(include_input=False)[0]["msg"])
            return Step(error=Msg("error.general"))
        try:
            self.client.emit(api.EVENT_CASE_OPENED, event.model_dump(mode="json"))
        except AgentError as exc:
            return Step(error=error_message(exc))
        online = self._online()
        printed, errors = self._print_documents(service, case_no, password, today)
        self.outcome = Outcome(case_no, password, online, self.fee(), printed, errors)
        check = self.check_print_jobs(Screen.DONE)
        return check if check.screen else Step(Screen.DONE)

    def papers_printed(self) -> bool:
        """Whether this citizen's session printed anything they must take with them."""
        registration = self.kindergarten.registration
        return bool(
            (self.outcome is not None and self.outcome.printed)
            or self.slips_printed
            or (registration is not None and registration.printed)
        )

    def visit(self, seconds: float, timed_out: bool = False) -> dict[str, Any] | None:
        """The ``kiosk.visit`` event for the session ending now (nothing personal), None for technicians."""
        if self.technician:
            return None
        done = (
            self.outcome is not None
            or self.progress is not None
            or self.scan_result is not None
            or self.kindergarten.result is not None
        )
        outcome = "timed_out" if timed_out else "completed" if done else "abandoned"
        pages = (len(self.outcome.printed) if self.outcome else 0) + self.slips_printed
        body = KioskVisit(service=self.service.code if self.service else None, seconds=max(0, min(86_400, int(seconds))),
                          outcome=outcome, pages_printed=pages)  # fmt: skip
        return body.model_dump(mode="json")

    def _online(self) -> bool:
        try:
            return self.client.status().online
        except AgentError:
            return False

    def _print_documents(self, service: Service, case_no: str, password: str, today: dt.date
                         ) -> tuple[tuple[str, ...], tuple[Msg, ...]]:  # fmt: skip
        jobs: list[tuple[str, api.Request]] = [
            (
                "case_receipt",
                api.print_case_receipt(
                    service.agency_name("zh-TW"), service.name("zh-TW"), case_no, today, password
                ),
            ),
        ]
        values = {
            "phone": self.phone,
            "copies": self.copies,
            "name": self.identity.display_name if self.identity else "",
        }
        for form in service.forms:
            jobs.append((f"form:{form['code']}", api.print_form(case_no, form, values)))
        printed: list[str] = []
        errors: list[Msg] = []
        for name, request in jobs:
            try:
                self.client.send(request)
                printed.append(name)
                if not name.startswith("form:") and request.body:
                    self.print_jobs.append(str(request.body["job"]))
            except AgentError as exc:
                errors.append(error_message(exc))
        problem = self._printer_problem()
        if problem is not None:
            errors.append(problem)
        unique = [e for i, e in enumerate(errors) if e not in errors[:i]]
        return tuple(printed), tuple(unique)

    def _printer_problem(self) -> Msg | None:
        """Jobs are on the agent's disk and print when the printer is ready; say so if it is not ready now."""
        try:
            status = self.client.send(api.printer_status())
        except AgentError:
            return None
        if status.get("state") in (None, "ok"):
            return None
        code = str(status.get("code") or "")
        if code in DEVICE_CODES:
            return Msg(f"error.device.{code}")
        return Msg("error.agent_says", {"text": str(status.get("citizen") or status.get("reason") or "")})

    # -- progress query, payment slips and returned documents -------------------------------------
    def query_progress(self, case_no: str, password: str) -> Step:
        return self._ask_case(api.HUB_CASE_QUERY, case_no, password, check_query_password)

    def query_slip(self, case_no: str, password: str) -> Step:
        """A case filed online: its unpaid slips by number + the password the citizen chose (seed 004:665)."""
        return self._ask_case(api.HUB_CASE_SLIP, case_no, password, check_chosen_password)

    def _ask_case(self, kind: str, case_no: str, password: str, check: Callable[[str], str]) -> Step:
        """``case.query`` or ``case.slip``: typos caught here; the answer kept in ``progress`` for the screen
        and ``print_slips``; a wrong pair, the limit or the agent's error as the message to show."""
        try:
            case_no = check_case_no(case_no)
            check(password)
        except InvalidEntry as exc:
            return Step(error=Msg(exc.key, exc.params))
        self.progress, self.slips_printed = None, 0
        try:
            body = (
                api.case_query_body(case_no, password)
                if kind == api.HUB_CASE_QUERY
                else {"case_no": case_no, "password": password}
            )
            answer = self.client.hub_request(kind, body)
        except AgentError as exc:
            return Step(error=error_message(exc))
        if answer.get("limited"):
            return Step(error=Msg("error.rate_limited"))
        if not answer.get("found"):
            if kind == api.HUB_CASE_SLIP:
                return Step(error=Msg("error.slip_not_found", {"tries": int(answer.get("tries_left") or 0)}))
            return Step(error=Msg("error.case_not_found"))
        self.progress = answer
        return Step()

    def print_slips(self, back_to: Screen = Screen.PROGRESS) -> Step:
        """Print the unpaid payment slips the hub listed for the queried case (seed 004)."""
        if not self.progress:
            return Step(Screen.WELCOME)
        case_no, service = str(self.progress["case_no"]), str(self.progress.get("service_name") or "")
        for slip in self.progress.get("slips") or ():
            request = api.print_payment_slip("OneStop", service, case_no, slip)
            try:
                self.client.send(request)
            except AgentError as exc:
                return Step(error=error_message(exc))
            self.slips_printed += 1
            self.print_jobs.append(str((request.body or {})["job"]))
        check = self.check_print_jobs(back_to)
        return check if check.screen else Step(back_to, self._printer_problem())

    # -- a slip that may or may not have come out (the agent died at the cut) ---------------------
    def check_print_jobs(self, back_to: Screen) -> Step:
        """Ask the agent about this citizen's unfinished receipts; an ``uncertain`` one becomes a question
        (PRINT_CHECK) and the flow carries on at ``back_to`` once it is answered. Done/failed jobs are dropped."""
        for job in list(self.print_jobs):
            try:
                state = api.parse_job(self.client.send(api.print_job(job)))
            except AgentError as exc:
                log.info("print job state not available now (%s); asking again later", exc.code)
                continue
            if state.uncertain:
                self.uncertain, self.after_check = state, back_to
                return Step(Screen.PRINT_CHECK)
            if state.settled:
                self.print_jobs.remove(job)
        return Step()

    def answer_uncertain(self, have_it: bool) -> Step:
        """ "I have it" confirms the job, "Print again" prints one more full copy; then back to the flow."""
        job = self.uncertain
        if job is None:
            return Step(self.after_check)
        try:
            self.client.send(api.confirm_job(job.job) if have_it else api.reprint_job(job.job))
        except AgentError as exc:
            if exc.code != "not_uncertain":  # not_uncertain: staff answered meanwhile, nothing left to ask
                return Step(error=error_message(exc))
        self.uncertain = None
        if have_it and job.job in self.print_jobs:
            self.print_jobs.remove(job.job)  # a reprint stays watched until its new copy is cut
        check = self.check_print_jobs(self.after_check)
        return check if check.screen else Step(self.after_check)

    def scan_returns(self) -> Step:
        """Scan the signed pages; after a jam the same batch continues at the next page."""
        batch = self.scan_result.batch if self.scan_result and not self.scan_result.completed else None
        try:
            result = api.parse_scan(self.client.send(api.scan(None, batch)))
        except AgentError as exc:
            return Step(error=error_message(exc))
        if self.scan_result is not None and batch:
            result = api.ScanResult(result.batch, result.completed, self.scan_result.pages + result.pages,
                                    result.fault)  # fmt: skip
        self.scan_result = result
        if not result.completed:
            key = f"error.device.{result.fault}" if result.fault in DEVICE_CODES else "error.general"
            return Step(error=Msg(key))
        return Step()
