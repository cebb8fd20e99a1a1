"""Fines (罰鍰補單) at the kiosk as a presenter: look-up by one key, tick up to five, one slip each; no Kivy.

Seed 004:669 (any one of national ID, business number, fine number), 004:1794 (at most five, each its own
slip), 004:1798 (the list's columns), 004:1835 (over NT$20,000 or past due: no store slip, a bank or ATM).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from kiosk import agent_api as api
from kiosk.agent_client import AgentClient, AgentError
from kiosk.keypads import InvalidEntry, check_national_id
from kiosk.steps import Msg, Step, error_message
from wire.agent_api import FINE_SLIPS, FineSlipBody
from wire.payloads.fines import FINE_ITEM_CODE, MAX_TICKED, FineKey

log = logging.getLogger(__name__)

HUB_FINE_LOOKUP = "fine.lookup"
#: 90 px rows 22 px apart fit 1280×800 under the bar with the title, a banner and the buttons
ROWS_PER_PAGE = 2
#: The hub's refusal codes for a malformed key, and the message the kiosk shows for each.
KEY_ERRORS = {"invalid_national_id": "fines.bad_national_id", "invalid_business_no": "fines.bad_business_no",
              "invalid_fine_no": "fines.bad_fine_no"}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Fine:
    fine_no: str
    issued_on: str  # ISO
    decision_no: str
    amount: int
    due_on: str  # ISO
    agency: str
    payer_masked: str
    payer_name: str
    rule: str | None
    payment_no: str
    store: bool  # False: over NT$20,000 or past due, pay at a bank or ATM


def parse_fines(data: api.JSON) -> tuple[Fine, ...]:
    return tuple(
        Fine(
            str(f["fine_no"]),
            str(f["issued_on"]),
            str(f["decision_no"]),
            int(f["amount"]),
            str(f["due_on"]),
            str(f["agency"]),
            str(f["payer_masked"]),
            str(f["payer_name"]),
            f.get("rule"),
            str(f["payment_no"]),
            bool(f["store"]),
        )
        for f in data.get("fines") or ()
    )


def check_key(kind: FineKey, text: str) -> str:
    """What the kiosk can check before asking: the ID's check digit, 8 digits, a fine number's length."""
    value = text.strip().upper()
    if kind is FineKey.NATIONAL_ID:
        try:
            return check_national_id(value)
        except InvalidEntry:
            raise InvalidEntry("fines.bad_national_id") from None
    if kind is FineKey.BUSINESS_NO and (len(value) != 8 or not value.isdigit()):
        raise InvalidEntry("fines.bad_business_no")
    if kind is FineKey.FINE_NO and not 6 <= len(value) <= 15:
        raise InvalidEntry("fines.bad_fine_no")
    return value


def slip_request(fine: Fine) -> api.Request:
    """The agent prints the fine's receipt and its store slip (codes computed there by wire.printed)."""
    body = FineSlipBody(job=api.new_job_id(), payer_masked=fine.payer_masked, payer_name=fine.payer_name,
                        fine_no=fine.fine_no, issued_on=dt.date.fromisoformat(fine.issued_on), agency=fine.agency,
                        decision_no=fine.decision_no, rule=fine.rule or "（請以自然人憑證查詢或洽開罰單位）",
                        amount=fine.amount, due=dt.date.fromisoformat(fine.due_on), payment_no=fine.payment_no,
                        item_code=FINE_ITEM_CODE)  # fmt: skip
    return api.Request("POST", FINE_SLIPS, body.to_json(), timeout=api.PRINT_TIMEOUT)


class FinesFlow:
    """One citizen's fine look-up; dropped with the kiosk flow on reset (nothing of it stays behind)."""

    def __init__(self, client: AgentClient) -> None:
        self.client = client
        self.fines: tuple[Fine, ...] = ()
        self.detail = "light"
        self.more = False
        self.looked_up = False
        self.ticked: list[str] = []  # fine numbers, in the order ticked
        self.page = 0
        self.printed: list[str] = []  # fine numbers whose slip the agent took
        self.jobs: list[str] = []

    def look_up(self, kind: FineKey, text: str) -> Step:
        try:
            key = check_key(kind, text)
        except InvalidEntry as exc:
            return Step(error=Msg(exc.key))
        try:
            data = self.client.send(api.hub(HUB_FINE_LOOKUP, {"kind": kind.value, "key": key}))
        except AgentError as exc:
            if exc.code in KEY_ERRORS:
                return Step(error=Msg(KEY_ERRORS[exc.code]))
            return Step(error=error_message(exc))
        self.fines, self.detail, self.more = (
            parse_fines(data),
            str(data.get("detail", "light")),
            bool(data.get("more")),
        )
        self.looked_up, self.ticked, self.page, self.printed = True, [], 0, []
        return Step()

    @property
    def pages(self) -> int:
        return max(1, -(-len(self.fines) // ROWS_PER_PAGE))

    def turn(self, delta: int) -> None:
        self.page = max(0, min(self.pages - 1, self.page + delta))

    def visible(self) -> tuple[Fine, ...]:
        return self.fines[self.page * ROWS_PER_PAGE : (self.page + 1) * ROWS_PER_PAGE]

    def toggle(self, fine_no: str) -> Step:
        """Tick or untick; a sixth tick and a fine a store cannot take are refused with the reason."""
        fine = next((f for f in self.fines if f.fine_no == fine_no), None)
        if fine is None:
            return Step(error=Msg("error.general"))
        if fine_no in self.ticked:
            self.ticked.remove(fine_no)
            return Step()
        if not fine.store:
            return Step(error=Msg("fines.bank_only", {"amount": f"{fine.amount:,}"}))
        if len(self.ticked) >= MAX_TICKED:
            return Step(error=Msg("fines.max_ticked", {"max": MAX_TICKED}))
        self.ticked.append(fine_no)
        return Step()

    @property
    def total(self) -> int:
        return sum(f.amount for f in self.fines if f.fine_no in self.ticked)

    def print_ticked(self) -> Step:
        """One slip per ticked fine (seed 004:1794); stops at the first the agent refuses, the rest stay ticked."""
        if not self.ticked:
            return Step(error=Msg("fines.tick_first"))
        for fine_no in list(self.ticked):
            fine = next(f for f in self.fines if f.fine_no == fine_no)
            request = slip_request(fine)
            try:
                self.client.send(request)
            except AgentError as exc:
                return Step(error=error_message(exc))
            self.jobs.append(str((request.body or {})["job"]))
            self.printed.append(fine_no)
            self.ticked.remove(fine_no)
        return Step()


def show_date(iso: str, lang: str) -> str:
    """ROC year/month/day as the seed's screen prints them (98/07/02) in Chinese; ISO in English."""
    if lang == "en":
        return iso
    year, month, day = (int(p) for p in iso.split("-"))
    return f"{year - 1911}/{month:02d}/{day:02d}"
