"""Job vacancies: a station's daily import replaces its rows; browsing by township for the kiosk and online."""

from __future__ import annotations

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from hub.jobs.importfile import TOWNSHIPS, parse
from hub.jobs.models import JobVacancy
from hub.staff.accounts import audit
from wire import now_ms

KIOSK_PAGE = 3  # vacancies on one kiosk screen (each shows three lines: the seed's columns)


def import_station(session: Session, station: str, text: str, actor: str) -> int:
    """Replace ``station``'s vacancies with the file's (all or nothing: ImportRefused names the bad rows)."""
    rows = parse(text)
    session.execute(delete(JobVacancy).where(JobVacancy.station == station))
    now = now_ms()
    if rows:
        session.execute(insert(JobVacancy), [
            {"station": station, "township": r.township, "company": r.company, "title": r.title,
             "openings": r.openings, "pay": r.pay, "education": r.education, "duties": r.duties,
             "address": r.address, "phone": r.phone, "imported_at": now} for r in rows
        ])  # fmt: skip
    audit(session, actor, "jobs.import", f"station:{station}", {"rows": len(rows)})
    return len(rows)


def townships(session: Session) -> list[tuple[str, int]]:
    counts = dict(
        session.execute(select(JobVacancy.township, func.count()).group_by(JobVacancy.township)).all()
    )
    return [(t, int(counts.get(t, 0))) for t in TOWNSHIPS]


def browse(session: Session, township: str, limit: int, offset: int) -> tuple[list[JobVacancy], int]:
    query = select(JobVacancy).where(JobVacancy.township == township)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(query.order_by(JobVacancy.id).limit(limit).offset(offset)).all()
    return list(rows), int(total)
