"""Kindergarten enrolment at the kiosk as a presenter: the live board and a parent's result look-up, no Kivy."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from kiosk import agent_api as api
from kiosk.agent_client import AgentClient, AgentError
from kiosk.keypads import InvalidEntry, check_national_id, check_phone, parse_birth_date
from kiosk.messages import translate as tr
from kiosk.steps import Msg, Step, error_message

log = logging.getLogger(__name__)

MAX_HUB_PAGES = 20  # 100 rows a page: 2,000 rows = 1,000 kindergartens with both pools
ROWS_PER_PAGE = 5  # rows on one screen page at 1280×800: two-line names in 28 px type
# What a kiosk may register (docs/enrolment.md "kiosk"): without a card only general residents; with the
# parent's card login every category seed 003's table (lines 109-124) marks ○ 可網路線上登記 — the agent adds
# the card session to the request (POST /v1/card/hub/enrolment.register) and the hub checks it. The rest
# (× 一律採紙本現場登記) register on site, which the screen says before anything is sent.
LIGHT_CATEGORIES = ("g_resident",)
CARD_CATEGORIES = ("g_resident", "na_parent_disabled_moderate", "na_low_income", "na_middle_low_income",
                   "na_indigenous", "na_special_circumstances", "p2_parent_disabled_mild")  # fmt: skip
STATUSES = frozenset({"registered", "admitted", "waitlisted", "offered", "checked_in", "forfeited", "left"})


@dataclass(frozen=True, slots=True)
class BoardRow:
    kindergarten: str
    name_zh: str
    name_en: str
    pool: str  # two_year | mixed
    places: int | None  # None: not set yet
    registrations: int
    vacancies: int | None  # None: not drawn yet

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" and self.name_en else self.name_zh


@dataclass(frozen=True, slots=True)
class LotteryResult:
    number: str
    kindergarten: str
    kindergarten_name: str  # from the board when known, else the code
    phase: int
    status: str  # one of STATUSES
    rank: int | None = None
    respond_by: str | None = None


@dataclass(frozen=True, slots=True)
class Registration:
    """What the hub answered, to show and print: never the full national ID."""

    number: str
    kindergarten: str
    kindergarten_name: str
    phase: int
    child: str  # ******6789
    birth: str  # both calendars
    printed: bool


@dataclass(frozen=True, slots=True)
class Draft:
    """A registration checked and shown for confirmation, not yet sent; wiped with the presenter."""

    national_id: str = field(repr=False)
    birth: dt.date
    phone: str = field(repr=False)
    kindergarten: str
    category: str
    card: bool  # sent with the parent's card session


def categories(card: bool) -> tuple[str, ...]:
    """The categories this kiosk session may register: more with the parent's card login."""
    return CARD_CATEGORIES if card else LIGHT_CATEGORIES


def parse_board_rows(data: api.JSON) -> tuple[BoardRow, ...]:
    return tuple(
        BoardRow(
            str(r["kindergarten"]),
            str(r["name_zh"]),
            str(r.get("name_en") or ""),
            str(r["pool"]),
            r.get("places"),
            int(r["registrations"]),
            r.get("vacancies"),
        )
        for r in data.get("rows") or ()
    )


def check_registration_number(value: str) -> str:
    if len(value) != 10 or not value.isdigit():
        raise InvalidEntry("error.kg_number")
    return value


class KindergartenFlow:
    """Public board and result look-up; the presenter of one citizen, dropped with the kiosk flow on reset."""

    def __init__(
        self, client: AgentClient, today: Callable[[], dt.date] = dt.date.today, phase: int = 1
    ) -> None:
        self.client = client
        self.today = today
        self.phase = phase
        self.rows: tuple[BoardRow, ...] = ()
        self.board_loaded = False
        self.truncated = False  # more rows than MAX_HUB_PAGES pages: the rest is not shown
        self.page = 0
        self.result: LotteryResult | None = None
        self.registration: Registration | None = None
        self.draft: Draft | None = None

    # -- board ----------------------------------------------------------------------------------
    def load_board(self) -> Step:
        """Every row of the phase, page by page from the hub; on failure the last rows stay with the error."""
        rows: list[BoardRow] = []
        after: str | None = None
        try:
            for _ in range(MAX_HUB_PAGES):
                data = self.client.send(api.enrolment_board(self.phase, after))
                page = parse_board_rows(data)
                rows.extend(page)
                if not data.get("more") or not page:
                    self.truncated = False
                    break
                after = page[-1].kindergarten
            else:
                self.truncated = True
        except AgentError as exc:
            return Step(error=error_message(exc))
        self.rows, self.board_loaded = tuple(rows), True
        self.page = min(self.page, self.pages - 1)
        return Step()

    @property
    def pages(self) -> int:
        return max(1, -(-len(self.rows) // ROWS_PER_PAGE))

    def turn(self, delta: int) -> None:
        self.page = max(0, min(self.pages - 1, self.page + delta))

    def visible_rows(self) -> tuple[BoardRow, ...]:
        return self.rows[self.page * ROWS_PER_PAGE : (self.page + 1) * ROWS_PER_PAGE]

    def kindergarten_name(self, code: str, lang: str = "zh-TW") -> str:
        row = next((r for r in self.rows if r.kindergarten == code), None)
        return row.name(lang) if row else code

    # -- result ---------------------------------------------------------------------------------
    def look_up_result(self, number: str, birth_text: str) -> Step:
        """Registration number (10 digits) and the child's birth date as typed (ROC 7 or AD 8 digits)."""
        try:
            check_registration_number(number)
            born = parse_birth_date(birth_text, self.today())
        except InvalidEntry as exc:
            return Step(error=Msg(exc.key))
        try:
            data = self.client.send(api.enrolment_result(number, born.isoformat()))
        except AgentError as exc:
            if exc.code == "not_found":
                return Step(error=Msg("error.kg_not_found"))
            return Step(error=error_message(exc))
        status = str(data.get("status", ""))
        if status not in STATUSES:
            log.warning("enrolment.result answered an unknown status %r", status)
            return Step(error=Msg("error.general"))
        code = str(data["kindergarten"])
        rank = data.get("rank")
        self.result = LotteryResult(str(data["number"]), code, self.kindergarten_name(code), int(data["phase"]),
                                    status, None if rank is None else int(rank), data.get("respond_by"))  # fmt: skip
        return Step()

    def clear_result(self) -> None:
        self.result = None

    # -- registration ---------------------------------------------------------------------------
    def kindergartens(self) -> tuple[tuple[str, str, str], ...]:
        """(code, zh name, en name) of every kindergarten on the board, once each, for the choice list."""
        seen: dict[str, BoardRow] = {}
        for row in self.rows:
            seen.setdefault(row.kindergarten, row)
        return tuple((r.kindergarten, r.name_zh, r.name_en) for r in seen.values())

    def review(self, national_id: str, birth_text: str, phone: str, kindergarten: str, category: str = "g_resident",
               *, card: bool = False) -> Step:  # fmt: skip
        """Check everything here and keep it as the draft the citizen confirms; nothing is sent yet."""
        try:
            check_national_id(national_id)
            born = parse_birth_date(birth_text, self.today())
            check_phone(phone)
        except InvalidEntry as exc:
            return Step(error=Msg(exc.key))
        if kindergarten not in {code for code, _, _ in self.kindergartens()}:
            return Step(error=Msg("error.kg_choose"))
        if category not in categories(card):
            return Step(error=Msg("error.kg_category"))
        self.draft = Draft(national_id, born, phone, kindergarten, category, card)
        return Step()

    def register(self) -> Step:
        """Send the confirmed draft. The child's ID and the phone go in the request body only; with a card
        the agent adds the parent's session; the hub's refusal (zh-TW + English) is shown as is."""
        draft = self.draft
        if draft is None:
            return Step(error=Msg("error.session_ended"))
        request = api.enrolment_register(draft.kindergarten, draft.national_id, draft.birth.isoformat(),
                                         draft.category, self.phase, phone=draft.phone, card=draft.card)  # fmt: skip
        try:
            data = self.client.send(request)
        except AgentError as exc:
            return Step(error=error_message(exc))
        self.draft = None
        name = self.kindergarten_name(str(data["kindergarten"]))
        lines = [(tr("kg.number"), str(data["number"])), (tr("kg.col_name"), name),
                 (tr("kg.receipt_child"), str(data["child"])), (tr("kg.birth"), str(data["birth"])),
                 (tr("kg.receipt_phase"), str(data["phase"]))]  # fmt: skip
        try:
            self.client.send(api.print_receipt(tr("kg.receipt_title"), lines, tr("kg.receipt_footer")))
            printed = True
        except AgentError as exc:
            log.warning("enrolment receipt not printed (%s)", exc.code)
            printed = False
        self.registration = Registration(str(data["number"]), str(data["kindergarten"]), name, int(data["phase"]),
                                         str(data["child"]), str(data["birth"]), printed)  # fmt: skip
        return Step()
