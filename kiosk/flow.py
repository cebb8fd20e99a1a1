"""The citizen's path through the kiosk as a presenter: state, validation and agent calls, no Kivy."""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from kiosk import agent_api as api
from kiosk.agent_client import (
    AgentClient,
    AgentError,
    AgentUnavailable,
    DeviceProblem,
    HubUnavailable,
    WrongPin,
)
from kiosk.catalogue import CatalogueCache, Service, parse_catalogue
from kiosk.keypads import (
    InvalidEntry,
    check_case_no,
    check_national_id,
    check_phone,
    check_pin,
    check_query_password,
    mask_national_id,
    parse_birth_date,
)

log = logging.getLogger(__name__)
MAX_COPIES = 5


class Screen(StrEnum):
    WELCOME = "welcome"
    IDENTIFY = "identify"
    PIN = "pin"
    CATALOGUE = "catalogue"
    APPLY = "apply"
    CONFIRM = "confirm"
    DONE = "done"
    PROGRESS = "progress"
    RETURNS = "returns"
    TECH_LOGIN = "tech_login"
    TECHNICIAN = "technician"


@dataclass(frozen=True, slots=True)
class Msg:
    """A catalogue message key and its parameters; the screen translates it."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Step:
    """What a citizen action led to: the next screen (None = stay) and an error to show."""

    screen: Screen | None = None
    error: Msg | None = None


@dataclass(frozen=True, slots=True)
class Identity:
    kind: str  # card | light
    display_name: str
    id_masked: str = ""
    session: str = ""
    national_id: str = ""  # light identification only; goes to the hub inside the request body
    birth_date: str = ""

    def for_hub(self) -> dict[str, Any]:
        if self.kind == "card":
            return {"kind": "card", "session": self.session}
        return {"kind": "light", "national_id": self.national_id, "birth_date": self.birth_date}


@dataclass(frozen=True, slots=True)
class Outcome:
    """The application as filed: a case number and password, or a queued reference when offline."""

    queued: bool
    case_no: str = ""
    password: str = ""
    reference: str = ""
    fee: int = 0
    printed: tuple[str, ...] = ()  # receipt, slip, form:<id>
    print_errors: tuple[Msg, ...] = ()


def error_message(exc: AgentError) -> Msg:
    """The message that tells the citizen what happened and what to do next."""
    if isinstance(exc, WrongPin):
        return Msg("error.wrong_pin", {"tries": exc.tries_left})
    if isinstance(exc, AgentUnavailable):
        return Msg("error.agent_unavailable")
    if isinstance(exc, HubUnavailable):
        return Msg("error.hub_unavailable")
    if isinstance(exc, DeviceProblem):
        return Msg(f"error.device.{exc.code}")
    known = {"card_blocked", "card_absent", "case_not_found", "rate_limited", "unknown_service"}
    return Msg(f"error.{exc.code}" if exc.code in known else "error.general")


class KioskFlow:
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
        self.reset()

    def reset(self) -> None:
        """Wipe the citizen's data (identity, fields, results); the catalogue is public and stays."""
        if getattr(self, "identity", None) is not None and self.identity.kind == "card":
            try:
                self.client.card_logout()
            except AgentError:
                log.warning("card logout failed during reset; the agent ends the session on removal")
        self.identity: Identity | None = None
        self.service: Service | None = None
        self.phone = ""
        self.copies = 1
        self.outcome: Outcome | None = None
        self.progress: dict[str, Any] | None = None
        self.scan_result: api.ScanResult | None = None
        self.technician = False
        self.device_status: api.DeviceStatus | None = None
        self.tech_result: Msg | None = None
        if not hasattr(self, "services"):
            self.services: tuple[Service, ...] = ()
            self.catalogue_offline = False

    # -- identification ---------------------------------------------------------------------------
    def submit_pin(self, pin: str) -> Step:
        try:
            check_pin(pin)
        except InvalidEntry as exc:
            return Step(error=Msg(exc.key))
        try:
            login = self.client.verify_pin(pin)
        except AgentError as exc:
            return Step(error=error_message(exc))
        self.identity = Identity("card", login.holder_name, session=login.session)
        return self.load_catalogue()

    def submit_light_id(self, national_id: str, birth_text: str) -> Step:
        try:
            check_national_id(national_id)
            born = parse_birth_date(birth_text, self.today())
        except InvalidEntry as exc:
            return Step(error=Msg(exc.key))
        identity = Identity("light", "", mask_national_id(national_id), "", national_id, born.isoformat())
        try:
            reply = self.client.hub_request(
                api.HUB_LIGHT_ID, api.light_id_body(national_id, born.isoformat())
            )
            identity = Identity("light", "", identity.id_masked, str(reply.body.get("session", "")),
                                national_id, born.isoformat())  # fmt: skip
        except HubUnavailable:
            pass  # offline: the hub checks the identity when the queued application arrives
        except AgentError as exc:
            return Step(error=error_message(exc))
        self.identity = identity
        return self.load_catalogue()

    # -- catalogue and application ----------------------------------------------------------------
    def load_catalogue(self) -> Step:
        try:
            body = self.client.hub_request(api.HUB_CATALOGUE, {}).body
            self.cache.save(body)
            self.catalogue_offline = False
        except HubUnavailable:
            cached = self.cache.load()
            if cached is None and not self.services:
                return Step(Screen.WELCOME, Msg("error.no_catalogue"))
            body = cached if cached is not None else {}
            self.catalogue_offline = True
        except AgentError as exc:
            return Step(error=error_message(exc))
        if body:
            self.services = parse_catalogue(body)
        return Step(Screen.CATALOGUE)

    def visible_services(self) -> tuple[Service, ...]:
        kind = self.identity.kind if self.identity else "light"
        return tuple(s for s in self.services if s.allowed_for(kind))

    def choose_service(self, code: str) -> Step:
        service = next((s for s in self.visible_services() if s.code == code), None)
        if service is None:
            return Step(error=Msg("error.unknown_service"))
        self.service, self.phone, self.copies = service, "", 1
        return Step(Screen.APPLY)

    def change_copies(self, delta: int) -> None:
        self.copies = min(MAX_COPIES, max(1, self.copies + delta))

    def fields(self) -> dict[str, Any]:
        wanted = self.service.fields if self.service else ()
        out: dict[str, Any] = {}
        if "phone" in wanted:
            out["phone"] = self.phone
        if "copies" in wanted:
            out["copies"] = self.copies
        return out

    def review(self, phone: str) -> Step:
        if self.service is None or self.identity is None:
            return Step(Screen.WELCOME, Msg("error.session_ended"))
        if "phone" in self.service.fields:
            try:
                self.phone = check_phone(phone)
            except InvalidEntry as exc:
                return Step(error=Msg(exc.key))
        return Step(Screen.CONFIRM)

    def fee(self) -> int:
        if self.service is None:
            return 0
        return self.service.fee * (self.copies if "copies" in self.service.fields else 1)

    def submit_application(self) -> Step:
        """Open the case (queued by the agent when the hub is away), then print what the citizen takes home."""
        if self.service is None or self.identity is None:
            return Step(Screen.WELCOME, Msg("error.session_ended"))
        service, fields = self.service, self.fields()
        body = api.case_open_body(service.code, self.identity.for_hub(), fields, secrets.token_hex(16))
        try:
            reply = self.client.hub_request(api.HUB_CASE_OPEN, body, queue_if_offline=True)
        except AgentError as exc:
            return Step(error=error_message(exc))
        if reply.queued:
            outcome = Outcome(
                True, reference=(reply.request_id or body["request_id"])[:12].upper(), fee=self.fee()
            )
        else:
            b = reply.body
            outcome = Outcome(False, str(b["case_no"]), str(b.get("password", "")), fee=int(b.get("fee", 0)))
        printed: list[str] = []
        errors: list[Msg] = []
        ref = outcome.case_no or outcome.reference
        receipt = {"kind": "case_receipt", "case_no": outcome.case_no, "password": outcome.password,
                   "reference": outcome.reference, "queued": outcome.queued, "service": service.code,
                   "service_name": service.names, "fee": outcome.fee}  # fmt: skip
        jobs: list[tuple[str, Callable[[], api.PrintJob]]] = [
            ("receipt", lambda: self.client.print_receipt(receipt))
        ]
        payment = reply.body.get("payment") if not reply.queued else None
        if service.slip and payment:
            jobs.append(("slip", lambda: self.client.print_slip(ref, payment)))
        for form_id in service.forms:
            jobs.append((f"form:{form_id}", lambda f=form_id: self.client.print_form(f, ref, fields)))  # type: ignore[misc]
        for name, job in jobs:
            try:
                job()
                printed.append(name)
            except AgentError as exc:
                errors.append(error_message(exc))
        self.outcome = Outcome(outcome.queued, outcome.case_no, outcome.password, outcome.reference,
                               outcome.fee, tuple(printed), tuple(errors))  # fmt: skip
        return Step(Screen.DONE)

    # -- progress query and returned documents ----------------------------------------------------
    def query_progress(self, case_no: str, password: str) -> Step:
        try:
            check_case_no(case_no)
            check_query_password(password)
        except InvalidEntry as exc:
            return Step(error=Msg(exc.key))
        try:
            self.progress = self.client.hub_request(
                api.HUB_CASE_PROGRESS, api.progress_body(case_no, password)
            ).body
        except AgentError as exc:
            self.progress = None
            return Step(error=error_message(exc))
        return Step()

    def scan_returns(self) -> Step:
        try:
            self.scan_result = self.client.scan(None)
        except AgentError as exc:
            self.scan_result = None
            return Step(error=error_message(exc))
        return Step()

    # -- technician mode --------------------------------------------------------------------------
    def unlock_technician(self, code: str) -> Step:
        if not self.technician_code or not secrets.compare_digest(code, self.technician_code):
            return Step(error=Msg("error.technician_code"))
        self.technician = True
        return self.refresh_status()

    def refresh_status(self) -> Step:
        if not self.technician:
            return Step(Screen.WELCOME)
        try:
            self.device_status = self.client.status()
        except AgentError as exc:
            self.device_status = None
            return Step(Screen.TECHNICIAN, error_message(exc))
        return Step(Screen.TECHNICIAN)

    def test_print(self) -> Step:
        return self._tech(lambda: self.client.print_receipt({"kind": "test"}), "tech.test_print_ok")

    def test_scan(self) -> Step:
        return self._tech(lambda: self.client.scan(None, test=True), "tech.test_scan_ok")

    def _tech(self, action: Callable[[], object], ok_key: str) -> Step:
        if not self.technician:
            return Step(Screen.WELCOME)
        try:
            action()
            self.tech_result = Msg(ok_key)
        except AgentError as exc:
            self.tech_result = error_message(exc)
        return self.refresh_status()
