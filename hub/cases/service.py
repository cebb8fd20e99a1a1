"""Case operations: open (kiosk, online, counter), advance a milestone, pause/resume, receipt, timeline.

Every operation runs inside the caller's transaction and writes the change, its timeline entry, the
notifications it causes (queued, delivered later) and its audit entry together.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from hub.cases.calendar import WorkCalendar, taiwan_calendar
from hub.cases.deadline import LimitUnit, Pause, TimeLimit, due_date
from hub.cases.models import Case, CasePause, TimelineEntry
from hub.cases.passwords import hash_new
from hub.catalogue.model import CatalogueError, MilestoneKind, Service
from hub.catalogue.store import current_catalogue
from hub.core.events import CaseClosed, publish
from hub.notify.outbox import enqueue
from hub.notify.templates import PUBLIC_URL_SLOT, render
from hub.payments.models import Payment
from hub.payments.service import PAY_WITHIN_WORKING_DAYS, create_payments
from hub.staff.accounts import audit
from wire import now_ms
from wire.payloads.cases import (
    Origin,
    is_valid_case_no,
    make_case_no,
    make_query_password,
)
from wire.printed import case_qr_content

TAIPEI = ZoneInfo("Asia/Taipei")
_ORIGINS = {"kiosk": Origin.KIOSK, "counter": Origin.COUNTER, "online": Origin.ONLINE, "mail": Origin.MAIL}


class CaseError(ValueError):
    """A case operation that cannot be done; ``status`` is the HTTP status that fits (404, 409, 422)."""

    def __init__(self, message: str, status: int = 422) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True, slots=True)
class Applicant:
    name: str
    phone: str | None = None
    email: str | None = None


@dataclass(frozen=True, slots=True)
class Texts:
    """Notification texts as sent (after staff edits)."""

    email_subject: str
    email: str
    sms: str


def today_tw() -> date:
    return datetime.now(TAIPEI).date()


def date_of_ms(ms: int) -> date:
    return datetime.fromtimestamp(ms / 1000, TAIPEI).date()


#: Control characters no stored text may hold (PostgreSQL refuses NUL; the rest are never typed on purpose).
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
CASE_NO_CHARS = re.compile(r"^[A-Za-z0-9-]{1,32}$")


def check_text(value: str | None, what: str) -> None:
    """CaseError (422) if ``value`` holds control characters; tabs and line breaks are allowed."""
    if value and CONTROL_CHARS.search(value):
        raise CaseError(f"{what} contains control characters; type it again")


def get_case(session: Session, case_no: str) -> Case:
    """The case with this number; 404 for unknown numbers and for text that cannot be a case number."""
    case = None
    if CASE_NO_CHARS.fullmatch(case_no):
        case = session.scalar(select(Case).where(Case.case_no == case_no))
    if case is None:
        raise CaseError(f"no case {case_no[:40]!r}", 404)
    return case


def check_agency(session: Session, case_no: str, agency: str | None) -> None:
    """Staff of one agency touch only that agency's cases: another agency's case is 'no case' (404) to
    them, so its existence is not revealed either. Staff without an agency (city-wide) see every case."""
    if agency is not None and get_case(session, case_no).agency != agency:
        raise CaseError(f"no case {case_no[:40]!r}", 404)


def pauses_of(case: Case) -> list[Pause]:
    return [Pause(p.paused_on, p.resumed_on) for p in case.pauses]


def recompute_due(case: Case, today: date, calendar: WorkCalendar | None = None) -> date:
    limit = TimeLimit(case.limit_amount, LimitUnit(case.limit_unit))
    case.due_on = due_date(
        calendar or taiwan_calendar(), case.received_on, limit, pauses_of(case), today=today
    )
    return case.due_on


def _values(
    case: Case, service: Service, milestone: str, note: str, public_url: str | None, **extra: str
) -> dict[str, str]:
    base = PUBLIC_URL_SLOT if public_url is None else public_url.rstrip("/")
    return {
        "case_no": case.case_no,
        "name": case.name,
        "service": service.name,
        "agency": service.agency,
        "milestone": service.milestone(milestone).name,
        "due_date": case.due_on.isoformat(),
        "note": note,
        "query_url": f"{base}/progress",
        "survey_url": f"{base}/satisfaction?case_no={case.case_no}",
        **extra,
    }


def default_texts(
    case: Case, service: Service, milestone: str, note: str, public_url: str | None, **extra: str
) -> Texts:
    """The milestone's texts; ``public_url`` None leaves the progress address for the sender to fill in."""
    m = service.milestone(milestone)
    values = _values(case, service, milestone, note, public_url, **extra)
    return Texts(render(m.email_subject, values), render(m.email, values), render(m.sms, values))


def _notify(session: Session, case: Case, milestone: str, texts: Texts) -> None:
    if case.email:
        enqueue(
            session,
            case_id=case.id,
            milestone=milestone,
            channel="email",
            recipient=case.email,
            subject=texts.email_subject,
            body=texts.email,
        )
    if case.phone:
        enqueue(
            session,
            case_id=case.id,
            milestone=milestone,
            channel="sms",
            recipient=case.phone,
            subject=None,
            body=texts.sms,
        )


def _timeline(
    session: Session, case: Case, milestone: str, name: str, note: str | None, actor: str, today: date
) -> None:
    case.timeline.append(
        TimelineEntry(
            at=now_ms(), day=today, milestone=milestone, milestone_name=name, note=note or None, actor=actor
        )
    )


def open_case(
    session: Session,
    *,
    service_code: str,
    channel: str,
    applicant: Applicant,
    consent: bool,
    actor: str,
    public_url: str | None,
    today: date | None = None,
    case_no: str | None = None,
    password_hash: str | None = None,
    source_event: str | None = None,
    source_device: str | None = None,
    identity: str = "none",
    copies: int = 1,
    fields: dict[str, Any] | None = None,
    consent_at: int | None = None,
) -> tuple[Case, str | None]:
    """Open a case; returns it and the query password (None when the kiosk made it and sent only its hash)."""
    for value, what in (
        (applicant.name, "the name"),
        (applicant.phone, "the phone"),
        (applicant.email, "the email"),
    ):
        check_text(value, what)
    if not applicant.name.strip():
        raise CaseError("the applicant's name is required")
    if not consent:
        raise CaseError(
            "the citizen's consent to processing personal data is required before registering a case"
        )
    try:
        service = current_catalogue(session).get(service_code)
    except CatalogueError as exc:
        raise CaseError(str(exc), 422) from None
    if channel not in {c.value for c in service.channels}:
        allowed = ", ".join(c.value for c in service.channels)
        raise CaseError(f"service {service.code} cannot be applied for via {channel}; it takes {allowed}")
    if not 1 <= copies <= 50:
        raise CaseError(f"copies must be 1-50, not {copies}")
    today = today or today_tw()
    if case_no is None:
        for _ in range(10):
            case_no = make_case_no(_ORIGINS[channel], today)
            if session.scalar(select(Case.id).where(Case.case_no == case_no)) is None:
                break
    elif not is_valid_case_no(case_no):
        raise CaseError(f"case number {case_no} is malformed")
    elif session.scalar(select(Case.id).where(Case.case_no == case_no)) is not None:
        raise CaseError(f"case number {case_no} is already taken by another case", 409)
    password = None
    if password_hash is None:
        password = make_query_password()
        password_hash = hash_new(password)
    first = service.milestones[0]
    case = Case(
        case_no=case_no,
        service=service.code,
        service_name=service.name,
        agency=service.agency,
        channel=channel,
        source_event=source_event,
        source_device=source_device,
        name=applicant.name,
        phone=applicant.phone,
        email=applicant.email,
        identity=identity,
        consent_at=consent_at or now_ms(),
        consent_by=actor,
        password_hash=password_hash,
        copies=copies,
        fields=fields or None,
        received_on=today,
        limit_amount=service.time_limit.amount,
        limit_unit=service.time_limit.unit,
        milestone=first.code,
        milestone_name=first.name,
        status="open",
        due_on=today,
        created_at=now_ms(),
        receipt_prints=0,
    )
    recompute_due(case, today)
    session.add(case)
    session.flush()
    _timeline(session, case, first.code, first.name, None, actor, today)
    _notify(session, case, first.code, default_texts(case, service, first.code, "", public_url))
    audit(session, actor, "case.open", case.case_no, {"service": service.code, "channel": channel})
    return case, password


def advance(
    session: Session,
    *,
    case_no: str,
    milestone: str,
    actor: str,
    public_url: str | None,
    note: str = "",
    texts: Texts | None = None,
    today: date | None = None,
) -> Case:
    """Move a case to ``milestone``; supplement pauses the clock, leaving it resumes, payment makes slips."""
    check_text(note, "the note")
    if texts is not None:
        for value, what in (
            (texts.email_subject, "the email subject"),
            (texts.email, "the email"),
            (texts.sms, "the SMS"),
        ):
            check_text(value, what)
    today = today or today_tw()
    case = get_case(session, case_no)
    if case.status == "closed":
        raise CaseError(f"case {case_no} is closed; it cannot move any more", 409)
    service = current_catalogue(session).get(case.service)
    try:
        target = service.milestone(milestone)
    except CatalogueError as exc:
        raise CaseError(str(exc)) from None
    if target.kind is MilestoneKind.RECEIVED:
        raise CaseError("a case cannot go back to 'received'", 409)
    if target.code == case.milestone:
        raise CaseError(f"case {case_no} is already at {target.name}", 409)
    open_pause = next((p for p in case.pauses if p.resumed_on is None), None)
    if open_pause is not None:
        open_pause.resumed_on = max(today, open_pause.paused_on)
    if target.kind is MilestoneKind.SUPPLEMENT:
        case.pauses.append(CasePause(paused_on=today))
    extra: dict[str, str] = {}
    if target.kind is MilestoneKind.PAYMENT and service.fee_total(case.copies) > 0:
        pay_by = taiwan_calendar().add_working_days(today, PAY_WITHIN_WORKING_DAYS)
        payments = create_payments(session, case.id, service.fee_total(case.copies), pay_by, today)
        extra = {
            "amount": str(sum(p.amount for p in payments)),
            "payment_no": "、".join(p.payment_no for p in payments),
            "due_date": pay_by.isoformat(),
        }
    if target.kind is MilestoneKind.CLOSED:
        case.status, case.closed_on = "closed", today
        publish(
            session, CaseClosed(case.case_no, case.service, actor)
        )  # ratings prompts the keypad (issue 7)
    case.milestone, case.milestone_name = target.code, target.name
    recompute_due(case, today)
    _timeline(session, case, target.code, target.name, note, actor, today)
    _notify(
        session,
        case,
        target.code,
        texts or default_texts(case, service, target.code, note, public_url, **extra),
    )
    audit(
        session, actor, "case.advance", case.case_no, {"milestone": target.code, "note": note[:200] or None}
    )
    return case


def reset_password(session: Session, case_no: str, actor: str) -> str:
    """A new query password for a citizen who lost theirs (the old one stops working); shown once."""
    case = get_case(session, case_no)
    password = make_query_password()
    case.password_hash = hash_new(password)
    audit(session, actor, "case.password_reset", case_no)
    return password


def receipt(session: Session, case_no: str, actor: str) -> dict[str, Any]:
    """Receipt (受理憑單) data for a re-print; counts prints. The password is never on a re-print."""
    case = get_case(session, case_no)
    case.receipt_prints += 1
    audit(session, actor, "case.receipt", case_no, {"print": case.receipt_prints})
    return {
        "case_no": case.case_no,
        "service": case.service_name,
        "agency": case.agency,
        "name": case.name,
        "received_on": case.received_on.isoformat(),
        "due_on": case.due_on.isoformat(),
        "qr": case_qr_content(case.case_no),
        "print": case.receipt_prints,
    }


def payments_of(session: Session, case: Case) -> list[Payment]:
    return list(session.scalars(select(Payment).where(Payment.case_id == case.id).order_by(Payment.id)))
