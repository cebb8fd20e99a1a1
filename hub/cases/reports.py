"""SLA report: on-time / overdue statistics per agency and service from the case table."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from hub.cases.calendar import taiwan_calendar
from hub.cases.deadline import LimitUnit, Pause, TimeLimit
from hub.cases.models import Case
from hub.cases.stats import CaseTiming, Report, sla_report


def timings(session: Session, since: date | None = None) -> list[CaseTiming]:
    stmt = select(Case).options(selectinload(Case.pauses))
    if since is not None:
        stmt = stmt.where(Case.received_on >= since)
    return [
        CaseTiming(
            case_no=c.case_no,
            agency=c.agency,
            service=c.service,
            received=c.received_on,
            limit=TimeLimit(c.limit_amount, LimitUnit(c.limit_unit)),
            pauses=tuple(Pause(p.paused_on, p.resumed_on) for p in c.pauses),
            closed_on=c.closed_on,
        )
        for c in session.scalars(stmt)
    ]


def report(session: Session, today: date, since: date | None = None) -> Report:
    return sla_report(taiwan_calendar(), timings(session, since), today)
