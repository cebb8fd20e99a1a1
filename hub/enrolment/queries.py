"""Database reads shared by the HTTP routes and the kiosk (MQTT) handlers: draws, boards, results."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hub.enrolment import checkin as ci
from hub.enrolment.models import EnrolDraw, EnrolRegistration
from hub.enrolment.rules.calendar import Phase, SchoolYear
from hub.enrolment.rules.quotas import Pool, phase1_quota
from hub.enrolment.store import SqlRepository, board_of, load_kindergartens, quota_of


def draw_row(session: Session, year: SchoolYear, kindergarten: str, phase: int) -> EnrolDraw | None:
    return session.scalar(
        select(EnrolDraw).where(
            EnrolDraw.school_year == year.roc_year,
            EnrolDraw.kindergarten == kindergarten,
            EnrolDraw.phase == phase,
        )
    )


def board_for(year: SchoolYear, row: EnrolDraw) -> ci.Board:
    return board_of(row, year.schedule(Phase(row.phase)), year.waitlist_valid_until())


def result_of(session: Session, year: SchoolYear, reg: EnrolRegistration) -> dict[str, Any]:
    """A registration's standing: ``registered`` before the draw, then the board's status and rank."""
    row = draw_row(session, year, reg.kindergarten, reg.phase)
    seat = board_for(year, row).seat(reg.number) if row is not None and row.board is not None else None
    return {
        "number": reg.number,
        "kindergarten": reg.kindergarten,
        "phase": reg.phase,
        "status": seat.status.value if seat else "registered",
        "rank": seat.rank if seat else None,
        "respond_by": seat.respond_by.isoformat() if seat and seat.respond_by else None,
    }


def board_rows(
    session: Session,
    year: SchoolYear,
    phase: int,
    kindergarten: str | None = None,
    after: str | None = None,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """Places, registrations and (once drawn) vacancies per kindergarten and class type, read live."""
    counts = SqlRepository(session).counts(year.roc_year)
    draws = {
        r.kindergarten: r
        for r in session.scalars(
            select(EnrolDraw).where(EnrolDraw.school_year == year.roc_year, EnrolDraw.phase == phase)
        )
    }
    kgs = [
        k
        for k in load_kindergartens(session)
        if (kindergarten is None or k.code == kindergarten) and (after is None or k.code > after)
    ]
    rows: list[dict[str, Any]] = []
    for kg in kgs[:limit] if limit is not None else kgs:
        row = draws.get(kg.code)
        quota = quota_of(row) if row else phase1_quota(kg.capacity) if phase == 1 else None
        board = board_for(year, row) if row is not None and row.board is not None else None
        for pool in Pool:
            rows.append(
                {
                    "kindergarten": kg.code,
                    "name_zh": kg.name_zh,
                    "name_en": kg.name_en,
                    "phase": phase,
                    "pool": pool.value,
                    "places": quota.places.get(pool, 0) if quota else None,
                    "registrations": counts.get((kg.code, phase, pool.value), 0),
                    "vacancies": board.vacancies(pool) if board else None,
                }
            )
    return rows
