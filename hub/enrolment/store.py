"""Database adapter: the service's Repository over SQLAlchemy, kindergartens, and board (de)serialisation."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hub.enrolment.checkin import Board, Seat, Status
from hub.enrolment.models import EnrolDraw, EnrolKindergarten, EnrolRegistration
from hub.enrolment.rules.calendar import Channel, Phase, PhaseSchedule
from hub.enrolment.rules.categories import Category
from hub.enrolment.rules.dates import TAIPEI
from hub.enrolment.rules.ordering import OrderKey
from hub.enrolment.rules.quotas import Capacity, Pool, Quota
from hub.enrolment.service import Kindergarten, Registration


def to_ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


def from_ms(ms: int) -> datetime:
    return datetime.fromtimestamp(ms / 1000, TAIPEI)


def kindergarten_of(row: EnrolKindergarten) -> Kindergarten:
    capacity = Capacity(
        row.two_year_classes,
        row.mixed_classes,
        row.promoted_two_year,
        row.promoted_mixed,
        row.special_ed_two_year,
        row.special_ed_mixed,
    )
    return Kindergarten(row.code, row.name_zh, row.name_en, capacity)


def load_kindergartens(session: Session) -> list[Kindergarten]:
    rows = session.scalars(select(EnrolKindergarten).order_by(EnrolKindergarten.code))
    return [kindergarten_of(r) for r in rows]


def _registration(row: EnrolRegistration) -> Registration:
    return Registration(
        row.number,
        row.child,
        row.kindergarten,
        Phase(row.phase),
        Category(row.category),
        Pool(row.pool),
        OrderKey(row.line, row.rank),
        Channel(row.channel),
        from_ms(row.at),
        row.together,
        row.birth,
    )


class SqlRepository:
    """``hub.enrolment.service.Repository`` on the hub database; the unique constraint backs the duplicate check."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._last: dict[int, int] = {}

    def find(self, school_year: int, phase: Phase, child: str) -> Registration | None:
        row = self.session.scalar(
            select(EnrolRegistration).where(
                EnrolRegistration.school_year == school_year,
                EnrolRegistration.phase == int(phase),
                EnrolRegistration.child == child,
            )
        )
        return None if row is None else _registration(row)

    def add(self, school_year: int, registrations: Sequence[Registration]) -> None:
        for r in registrations:
            self.session.add(
                EnrolRegistration(
                    number=r.number,
                    school_year=school_year,
                    phase=int(r.phase),
                    child=r.child,
                    kindergarten=r.kindergarten,
                    category=r.category.value,
                    pool=r.pool.value,
                    line=r.key.line,
                    rank=r.key.rank,
                    channel=r.channel.value,
                    at=to_ms(r.at),
                    together=r.together,
                    birth=r.birth,
                )
            )
        self.session.flush()

    def listing(self, school_year: int, kindergarten: str, phase: Phase) -> list[Registration]:
        rows = self.session.scalars(
            select(EnrolRegistration)
            .where(
                EnrolRegistration.school_year == school_year,
                EnrolRegistration.kindergarten == kindergarten,
                EnrolRegistration.phase == int(phase),
            )
            .order_by(EnrolRegistration.id)
        )
        return [_registration(r) for r in rows]

    def next_number(self, school_year: int) -> int:
        """Count + 1 (plus numbers already handed out in this session); the unique index catches a race."""
        if school_year not in self._last:
            count = self.session.scalar(
                select(func.count())
                .select_from(EnrolRegistration)
                .where(EnrolRegistration.school_year == school_year)
            )
            self._last[school_year] = int(count or 0)
        self._last[school_year] += 1
        return self._last[school_year]

    def counts(self, school_year: int) -> dict[tuple[str, int, str], int]:
        rows = self.session.execute(
            select(
                EnrolRegistration.kindergarten, EnrolRegistration.phase, EnrolRegistration.pool, func.count()
            )
            .where(EnrolRegistration.school_year == school_year)
            .group_by(EnrolRegistration.kindergarten, EnrolRegistration.phase, EnrolRegistration.pool)
        )
        return {(kg, phase, pool): int(n) for kg, phase, pool, n in rows}


def quota_json(quota: Quota) -> dict[str, Any]:
    return {"places": {p.value: n for p, n in quota.places.items()}, "staff_cap": quota.staff_cap}


def quota_of(draw: EnrolDraw) -> Quota:
    return Quota({Pool(k): int(v) for k, v in draw.places.items()}, draw.staff_cap)


def board_json(board: Board) -> dict[str, Any]:
    return {
        "winners_closed": board.winners_closed,
        "seats": [
            {
                "child": s.child,
                "ticket": s.ticket,
                "rank": s.rank,
                "pool": s.pool.value,
                "staff": s.staff,
                "needs_assistance": s.needs_assistance,
                "status": s.status.value,
                "respond_by": None if s.respond_by is None else s.respond_by.isoformat(),
            }
            for s in board.seats
        ],
    }


def board_of(draw: EnrolDraw, schedule: PhaseSchedule, valid_until: datetime) -> Board:
    data = draw.board or {"seats": [], "winners_closed": False}
    seats = tuple(
        Seat(
            s["child"],
            s["ticket"],
            int(s["rank"]),
            Pool(s["pool"]),
            bool(s["staff"]),
            bool(s["needs_assistance"]),
            Status(s["status"]),
            None if s["respond_by"] is None else datetime.fromisoformat(s["respond_by"]),
        )
        for s in data["seats"]
    )
    places = tuple((pool, int(draw.places.get(pool.value, 0))) for pool in Pool)
    return Board(
        draw.kindergarten,
        draw.phase,
        schedule,
        valid_until,
        places,
        draw.staff_cap,
        seats,
        bool(data["winners_closed"]),
    )
