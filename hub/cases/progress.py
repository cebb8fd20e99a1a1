"""Public progress queries (case number + password) with rate limiting, and the 1999 operator's look-up.

A wrong pair and an unknown case number answer the same (404) and take the same time (a dummy hash
check). Limits are per source, so a stranger can only lock himself out (issue 13): 5 failures for one case
number from one client address, or 30 from one address over all cases, within 15 minutes → 429 for that
address. There is no lock on the case itself: the citizen with the right password always gets in. What
bounds a distributed guesser is the password's 40 bits: 10,000 addresses at 5 guesses per 15 minutes each
make 4.8 million guesses a day, a 1 in 230,000 chance per case per day (docs/security.md).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, sessionmaker

from hub.cases.models import Case, ProgressFailure
from hub.cases.passwords import dummy, verify
from hub.cases.service import CASE_NO_CHARS, CONTROL_CHARS, CaseError, get_case, payments_of
from hub.staff.accounts import StaffPrincipal, audit
from wire import now_ms
from wire.payloads.cases import normalize_case_no

WINDOW_MS = 15 * 60 * 1000
MAX_FAILURES = 5  # per case number and client address
MAX_CLIENT_FAILURES = 30  # per client address over all case numbers (an office behind one NAT address)
NOT_FOUND = "no case with this number and password"


class RateLimited(CaseError):
    def __init__(self) -> None:
        super().__init__("too many wrong attempts; try again in 15 minutes or call 1999", 429)


def public_view(session: Session, case: Case) -> dict[str, Any]:
    """What a citizen (or the 1999 operator) sees: status, deadline, timeline and payments; no contact data."""
    paused = any(p.resumed_on is None for p in case.pauses)
    return {
        "case_no": case.case_no,
        "service": case.service,
        "service_name": case.service_name,
        "agency": case.agency,
        "status": case.status,
        "milestone": case.milestone,
        "milestone_name": case.milestone_name,
        "received_on": case.received_on.isoformat(),
        "due_on": case.due_on.isoformat(),
        "closed_on": case.closed_on.isoformat() if case.closed_on else None,
        "waiting_for_supplement": paused,
        "timeline": [
            {"day": t.day.isoformat(), "milestone": t.milestone, "name": t.milestone_name, "note": t.note}
            for t in case.timeline
        ],
        "payments": [
            {
                "payment_no": p.payment_no,
                "amount": p.amount,
                "due_on": p.due_on.isoformat(),
                "status": p.status,
            }
            for p in payments_of(session, case)
        ],
    }


def _failures(session: Session, case_no: str, client: str, since: int) -> tuple[int, int]:
    by_case = session.scalar(
        select(func.count())
        .select_from(ProgressFailure)
        .where(
            ProgressFailure.case_no == case_no,
            ProgressFailure.client == client[:64],
            ProgressFailure.at >= since,
        )
    )
    by_client = session.scalar(
        select(func.count())
        .select_from(ProgressFailure)
        .where(ProgressFailure.client == client[:64], ProgressFailure.at >= since)
    )
    return int(by_case or 0), int(by_client or 0)


def _precheck(session: Session, case_no: str, client: str) -> tuple[str, Case | None]:
    """Normalise the number, refuse when rate-limited, and fetch the case (None if unknown)."""
    case_no = normalize_case_no(case_no)[:32]
    if not CASE_NO_CHARS.fullmatch(case_no):
        case_no = "invalid"  # still counts against the client; never reaches a text column as typed
    by_case, by_client = _failures(session, case_no, client, now_ms() - WINDOW_MS)
    if by_case >= MAX_FAILURES or by_client >= MAX_CLIENT_FAILURES:
        raise RateLimited()
    return case_no, session.scalar(select(Case).where(Case.case_no == case_no))


def _record_failure(session: Session, case_no: str, client: str) -> None:
    now = now_ms()
    session.add(ProgressFailure(case_no=case_no, client=client[:64], at=now))
    session.execute(delete(ProgressFailure).where(ProgressFailure.at < now - 2 * WINDOW_MS))


def check_pair(session: Session, case_no: str, password: str, client: str) -> Case | None:
    """The case if the pair is right; None, with a failure recorded in ``session``, if not (the caller
    commits, so the failure counts although the answer is a refusal). RateLimited after MAX_FAILURES."""
    case_no, case = _precheck(session, case_no, client)
    if verify(password, case.password_hash if case else dummy(case_no)) and case is not None:
        return case
    _record_failure(session, case_no, client)
    return None


def query_progress(
    sessions: sessionmaker[Session], case_no: str, password: str, client: str
) -> dict[str, Any]:
    """The public view for a correct pair; CaseError 404 for a wrong pair or unknown case, 429 when limited.

    The slow hash check runs with no transaction open (SQLite takes its write lock at BEGIN)."""
    with sessions() as session:
        case_no, case = _precheck(session, case_no, client)
        stored = case.password_hash if case else dummy(case_no)
    if verify(password, stored) and case is not None:
        with sessions() as session:
            fresh = session.get(Case, case.id)
            if fresh is not None and fresh.password_hash == stored:
                return public_view(session, fresh)
    with sessions() as session, session.begin():
        _record_failure(session, case_no, client)
    raise CaseError(NOT_FOUND, 404)


def operator_lookup(
    session: Session, case_no: str, staff: StaffPrincipal, reason: str = ""
) -> dict[str, Any]:
    """The 1999 operator's look-up without the password; every look-up is written to the audit log."""
    case = get_case(session, normalize_case_no(case_no))
    audit(
        session,
        staff.name,
        "case.lookup",
        case.case_no,
        {"reason": CONTROL_CHARS.sub("", reason)[:200] or None},
    )
    return public_view(session, case)
