"""Registration service: one child one kindergarten city-wide per phase, multiples together, draws, live board.

Pure logic over a small repository Protocol; ``MemoryRepository`` is the in-memory adapter (tests, benchmark),
a database adapter implements the same Protocol.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Protocol

from hub.enrolment.lottery.draw import Announcement, Entry, announce
from hub.enrolment.rules.calendar import Channel, Phase, SchoolYear
from hub.enrolment.rules.categories import Category
from hub.enrolment.rules.eligibility import Applicant, check_registration
from hub.enrolment.rules.errors import DuplicateRegistration, EnrolmentRefusal, NotEligible
from hub.enrolment.rules.ordering import OrderKey
from hub.enrolment.rules.quotas import Capacity, Pool, Quota
from hub.enrolment.rules.seed import s003

RULE_ONE_KINDERGARTEN = s003(176, "**每 1 幼兒以登記 1 園為限**")


def child_ref(national_id: str, secret: bytes) -> str:
    """An opaque, stable reference for a child: HMAC of the national ID. The ID itself is never stored."""
    return hmac.new(secret, national_id.strip().upper().encode("ascii"), hashlib.sha256).hexdigest()[:32]


@dataclass(frozen=True, slots=True)
class Kindergarten:
    code: str
    name_zh: str
    name_en: str
    capacity: Capacity


@dataclass(frozen=True, slots=True)
class Registration:
    number: str
    child: str
    kindergarten: str
    phase: Phase
    category: Category
    pool: Pool
    key: OrderKey
    channel: Channel
    at: datetime
    together: str | None = None
    birth: date | None = None

    def entry(self) -> Entry:
        staff = self.category is Category.STAFF_CHILD
        return Entry(self.number, self.key, self.pool, staff=staff, together=self.together)


class Repository(Protocol):
    def find(self, school_year: int, phase: Phase, child: str) -> Registration | None: ...
    def add(self, school_year: int, registrations: Sequence[Registration]) -> None: ...
    def listing(self, school_year: int, kindergarten: str, phase: Phase) -> list[Registration]: ...
    def next_number(self, school_year: int) -> int: ...


@dataclass
class MemoryRepository:
    rows: dict[tuple[int, Phase, str], Registration] = field(default_factory=dict)
    by_kindergarten: dict[tuple[int, str, Phase], list[Registration]] = field(default_factory=dict)
    counter: int = 0

    def find(self, school_year: int, phase: Phase, child: str) -> Registration | None:
        return self.rows.get((school_year, phase, child))

    def add(self, school_year: int, registrations: Sequence[Registration]) -> None:
        for reg in registrations:
            self.rows[(school_year, reg.phase, reg.child)] = reg
            self.by_kindergarten.setdefault((school_year, reg.kindergarten, reg.phase), []).append(reg)

    def listing(self, school_year: int, kindergarten: str, phase: Phase) -> list[Registration]:
        return list(self.by_kindergarten.get((school_year, kindergarten, phase), []))

    def next_number(self, school_year: int) -> int:
        self.counter += 1
        return self.counter


@dataclass(frozen=True, slots=True)
class BoardRow:
    """One line of the public live board."""

    kindergarten: str
    phase: int
    pool: Pool
    places: int
    registrations: int
    vacancies: int | None


class EnrolmentService:
    def __init__(self, year: SchoolYear, kindergartens: Sequence[Kindergarten], repo: Repository) -> None:
        self.year = year
        self.kindergartens = {k.code: k for k in kindergartens}
        self.repo = repo

    def _kindergarten(self, code: str) -> Kindergarten:
        if code not in self.kindergartens:
            raise NotEligible(f"查無幼兒園代碼 {code}。", f"There is no kindergarten with code {code!r}.")
        return self.kindergartens[code]

    def _refuse_duplicate(self, phase: Phase, child: str) -> None:
        """One kindergarten per child; the refusal never names the other registration (its kindergarten or
        number): whoever asks may not be the one who registered it (issue 13)."""
        if self.repo.find(self.year.roc_year, phase, child) is None:
            return
        raise DuplicateRegistration(
            "此幼兒本階段已有登記，每位幼兒以登記 1 園為限；同時登記 2 園將取消錄取資格。"
            "請以您的登記確認單查詢；如非您所登記，請洽教育局。",
            "This child already has a registration in this phase. A child may register at one kindergarten "
            "only; registering at two voids the admission. Look yours up with your confirmation slip; if you "
            "did not register it, contact the education bureau.",
            RULE_ONE_KINDERGARTEN,
        )

    def _build(
        self,
        child: str,
        applicant: Applicant,
        code: str,
        phase: Phase,
        channel: Channel,
        at: datetime,
    ) -> Registration:
        self._kindergarten(code)
        self._refuse_duplicate(phase, child)
        ok = check_registration(self.year, phase, code, applicant, channel, at)
        return Registration(
            "", child, code, phase, applicant.category, ok.pool, ok.key, channel, at, None, applicant.birth
        )

    def _numbered(self, r: Registration) -> Registration:
        number = f"{self.year.roc_year}{int(r.phase)}{self.repo.next_number(self.year.roc_year):06d}"
        return Registration(
            number,
            r.child,
            r.kindergarten,
            r.phase,
            r.category,
            r.pool,
            r.key,
            r.channel,
            r.at,
            None,
            r.birth,
        )

    def register(
        self,
        child: str,
        applicant: Applicant,
        kindergarten: str,
        phase: Phase,
        channel: Channel,
        at: datetime,
    ) -> Registration:
        """Register one child, or raise an EnrolmentRefusal (nothing is stored then)."""
        reg = self._numbered(self._build(child, applicant, kindergarten, phase, channel, at))
        self.repo.add(self.year.roc_year, [reg])
        return reg

    def register_multiples(
        self,
        children: Sequence[tuple[str, Applicant]],
        kindergarten: str,
        phase: Phase,
        channel: Channel,
        at: datetime,
        drawn_together: bool,
    ) -> list[Registration]:
        """Twins/multiples, on site, with the parents' choice: one joint ticket or separate tickets.

        All are checked first; if any is refused, none is registered."""
        if len(children) < 2 or len({c for c, _ in children}) != len(children):
            raise NotEligible(
                "多胞胎登記須有 2 位以上不同幼兒。", "Register at least two different children as multiples."
            )
        regs: list[Registration] = []
        for child, applicant in children:
            if not applicant.multiple_birth:
                raise NotEligible("請標示為多胞胎。", "Mark each child as part of a multiple birth.")
            regs.append(self._build(child, applicant, kindergarten, phase, channel, at))
        if drawn_together and len({(r.key, r.pool, r.category) for r in regs}) != 1:
            raise NotEligible(
                "併同抽籤之多胞胎須為同一年齡及身分。",
                "Multiples drawn together must share age bracket and category; choose separate draws.",
                s003(179, "得由家長自行決定併同或分別抽籤"),
            )
        regs = [self._numbered(r) for r in regs]
        if drawn_together:
            regs = [replace(r, together=regs[0].number) for r in regs]
        self.repo.add(self.year.roc_year, regs)
        return regs

    def announce(
        self, kindergarten: str, phase: Phase, quota: Quota, sources: Sequence[str], hash_name: str = "sha256"
    ) -> Announcement:
        """Freeze the entrant lists of a kindergarten's phase (after registration closes, before the draw)."""
        regs = self.repo.listing(self.year.roc_year, kindergarten, phase)
        draw_id = f"{self.year.roc_year}-{kindergarten}-P{int(phase)}"
        return announce(
            draw_id, kindergarten, int(phase), quota, [r.entry() for r in regs], sources, hash_name
        )

    def board(
        self, kindergarten: str, phase: Phase, quota: Quota, vacancies: dict[Pool, int] | None = None
    ) -> list[BoardRow]:
        """Places and registrations per pool; vacancies once the phase has been drawn."""
        regs = self.repo.listing(self.year.roc_year, kindergarten, phase)
        return [
            BoardRow(
                kindergarten,
                int(phase),
                pool,
                quota.places.get(pool, 0),
                sum(1 for r in regs if r.pool is pool),
                None if vacancies is None else vacancies.get(pool, 0),
            )
            for pool in Pool
        ]


__all__ = [
    "BoardRow",
    "EnrolmentRefusal",
    "EnrolmentService",
    "Kindergarten",
    "MemoryRepository",
    "Registration",
]
