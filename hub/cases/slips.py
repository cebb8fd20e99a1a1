"""Payment slips of a case for a kiosk, and the password a citizen who filed online chooses for printing them
at a store (seed 004:665: 「輸入申辦案號及自訂密碼即可產製繳費單據」); the system-made query password stays.

The chosen password is stored as the query password is (``hub.cases.passwords``: a keyed hash, the key outside
the database) and checked the same way: a wrong pair, an unknown number and a case with no chosen password
answer alike and take alike long, and failures count in the progress query's table, so guessing through this
door is slowed exactly as through that one (5 per number and client, 30 per client in 15 minutes) and the two
doors share one budget. Only cases filed online take one: a kiosk or counter case already has its slip.
Over NT$20,000 there is no slip, the bank/ATM message instead (seed 004:1835, ``slip_data``).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from hub.cases.models import Case
from hub.cases.passwords import dummy, hash_new, verify
from hub.cases.progress import (
    MAX_FAILURES,
    WINDOW_MS,
    RateLimited,
    _failures,
    _precheck,
    _record_failure,
    check_pair,
)
from hub.cases.service import CaseError, payments_of
from hub.payments.service import slip_data
from hub.staff.accounts import audit
from wire import now_ms
from wire.payloads.cases import BankPayment, SlipInfo, SlipPasswordError, check_slip_password

ONLINE = "online"
NOT_FOUND = "no case with this number and slip password (a slip password is chosen online first)"


def payable(session: Session, case: Case) -> tuple[tuple[SlipInfo, ...], tuple[BankPayment, ...]]:
    """The case's unpaid payments: store slips (NT$20,000 or less) and the bank/ATM-only rest."""
    due = [slip_data(case.case_no, p) for p in payments_of(session, case) if p.status == "due"]
    slips = tuple(
        SlipInfo(
            payment_no=s["payment_no"],
            amount=s["amount"],
            due_on=date.fromisoformat(s["due_on"]),
            barcodes=tuple(s["barcodes"]),
            qr=s["qr"],
        )
        for s in due
        if s["store"]
    )
    bank = tuple(
        BankPayment(payment_no=s["payment_no"], amount=s["amount"], due_on=date.fromisoformat(s["due_on"]))
        for s in due
        if not s["store"]
    )
    return slips, bank


def store_slip_password(session: Session, case: Case, password: str, actor: str) -> None:
    """Set (or replace) the case's chosen slip password; CaseError 422 for one the rules refuse, 409 for a
    case not filed online. Nothing is written when it fails."""
    try:
        value = check_slip_password(password)
    except SlipPasswordError as exc:
        raise CaseError(str(exc), 422) from None
    if case.channel != ONLINE:
        raise CaseError(
            f"case {case.case_no} was filed at a {case.channel}, not online; its slip came with the "
            "application (print it again with the query password)",
            409,
        )
    case.slip_password_hash = hash_new(value)
    audit(session, actor, "case.slip_password", case.case_no, {"at": now_ms()})


def choose_slip_password(
    session: Session, case_no: str, query_password: str, slip_password: str, client: str
) -> Case | None:
    """Online, after filing: the query password proves the case is the citizen's, then the chosen one is
    stored. The new password is checked first, so a malformed one costs no try (CaseError 422); a wrong
    pair returns None with the failure recorded in ``session`` (the caller commits it and answers 404, as
    the progress query does); CaseError 429 when limited, 409 for a case not filed online."""
    try:
        check_slip_password(slip_password)
    except SlipPasswordError as exc:
        raise CaseError(str(exc), 422) from None
    case = check_pair(session, case_no, query_password, client)  # RateLimited is a CaseError 429
    if case is not None:
        store_slip_password(session, case, slip_password, f"online:{client[:40]}")
    return case


def slip_lookup(session: Session, case_no: str, password: str, client: str) -> tuple[Case | None, int]:
    """At a store kiosk: the case if ``password`` is its chosen slip password, and the tries left for this
    number from ``client``. A failure is recorded in ``session`` (the caller commits); RateLimited once the
    progress query's limits are reached."""
    case_no, case = _precheck(session, case_no, client)
    stored = case.slip_password_hash if case is not None and case.slip_password_hash else dummy(case_no)
    if verify(password.strip(), stored) and case is not None and case.slip_password_hash:
        return case, MAX_FAILURES
    _record_failure(session, case_no, client)
    session.flush()
    by_case, _by_client = _failures(session, case_no, client, now_ms() - WINDOW_MS)
    if by_case >= MAX_FAILURES:
        raise RateLimited()
    return None, MAX_FAILURES - by_case
