"""Checks every registration channel (HTTP, kiosk) makes against the database before the rules engine runs."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from hub.enrolment import checkin as ci
from hub.enrolment.queries import board_for, draw_row
from hub.enrolment.rules.calendar import Phase, SchoolYear
from hub.enrolment.rules.errors import CheckInRefused, DuplicateRegistration, NotEligible
from hub.enrolment.service import RULE_ONE_KINDERGARTEN
from hub.enrolment.store import SqlRepository


def check_priority_card(session: Session, year: SchoolYear, child: str, now: datetime) -> None:
    """A claimed priority card must come from a phase-1 draw this child lost (seed 003 line 175)."""
    first = SqlRepository(session).find(year.roc_year, Phase.ONE, child)
    row = draw_row(session, year, first.kindergarten, 1) if first else None
    try:
        holds = (
            first is not None
            and row is not None
            and first.number in ci.priority_cards(board_for(year, row), now)
        )
    except CheckInRefused:
        holds = False
    if not holds:
        raise NotEligible("查無此幼兒之優先入園卡。", "No priority card was issued to this child in phase 1.")


def check_not_placed(session: Session, year: SchoolYear, child: str, phase: Phase) -> None:
    """A child who checked in at an earlier phase already has a place (seed 003 line 176: one kindergarten)."""
    repo = SqlRepository(session)
    for earlier in Phase:
        if earlier >= phase:
            return
        reg = repo.find(year.roc_year, earlier, child)
        row = draw_row(session, year, reg.kindergarten, int(earlier)) if reg else None
        if reg is None or row is None or row.board is None:
            continue
        if board_for(year, row).seat(reg.number).status is ci.Status.CHECKED_IN:
            raise DuplicateRegistration(
                f"此幼兒已於第 {int(earlier)} 階段錄取並完成報到，不能再登記。",
                f"This child already has a place (checked in in phase {int(earlier)}), so cannot register again.",
                RULE_ONE_KINDERGARTEN,
            )
