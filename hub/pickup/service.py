"""Pick-up by MMS code: the citizen chooses an office for a finished case, the hub sends the code and its QR as
an MMS (notify outbox, channel ``mms``), a counter reads it, the document is handed over once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from hub.cases.models import Case
from hub.cases.passwords import verify as verify_query_password
from hub.notify.outbox import enqueue
from hub.pickup.models import PickupCode
from hub.pickup.rules import (
    MESSAGES,
    OFFICES,
    VALID_FOR,
    Pickup,
    PickupError,
    Verdict,
    check_office,
    code_hash,
    judge,
    new_code,
    normalise_code,
)
from hub.staff.accounts import audit
from wire import now_ms
from wire.printed import pickup_from_qr, pickup_qr_content

TAIPEI = ZoneInfo("Asia/Taipei")


def _when(ms: int) -> datetime:
    return datetime.fromtimestamp(ms / 1000, TAIPEI)


def choose_office(session: Session, case_no: str, password: str, office: str, secret: bytes) -> PickupCode:
    """A citizen with the case's number and query password picks the office; a new code replaces any
    earlier unused one. PickupError for an unknown office, a wrong pair, an open case or no phone."""
    check_office(office)
    case = session.scalar(select(Case).where(Case.case_no == case_no.strip().upper()))
    if case is None or not verify_query_password(password, case.password_hash):
        raise PickupError("case", "case number or query password is wrong")
    if case.status != "closed":
        raise PickupError("case", "the case is not done yet; choose the office once you are told it is")
    if not case.phone:
        raise PickupError("phone", "the case has no mobile number to send the pick-up code to")
    now = now_ms()
    session.execute(
        update(PickupCode)
        .where(PickupCode.case_id == case.id, PickupCode.handed_at.is_(None))
        .values(expires_at=now)  # an earlier code stops working
    )
    code = new_code()
    row = PickupCode(case_id=case.id, office=office, code_hash=code_hash(secret, code), sent_at=now,
                     expires_at=now + int(VALID_FOR.total_seconds() * 1000))  # fmt: skip
    session.add(row)
    enqueue(
        session,
        case_id=case.id,
        milestone="pickup",
        channel="mms",
        recipient=case.phone,
        subject=pickup_qr_content(code),  # an MMS's image: the QR the counter's reader reads
        body=(f"【領件通知】案件 {case.case_no} 已可至「{OFFICES[office]}」領取，請出示本簡訊的 QR 碼或領件碼 {code}，"
              f"免帶身分證件；{VALID_FOR.days} 日內有效，限用一次。"),
    )  # fmt: skip
    session.flush()
    audit(session, "citizen", "pickup.choose", case.case_no, {"office": office})
    return row


@dataclass(frozen=True, slots=True)
class Read:
    verdict: Verdict
    message: tuple[str, str]
    case_no: str | None = None
    service_name: str | None = None
    name: str | None = None
    office: str | None = None  # the office that holds the document


def read(session: Session, text: str, office: str, secret: bytes, now_ms_: int | None = None) -> Read:
    """What a code read (scanned QR text or typed) at ``office`` means, with the case when it is there."""
    check_office(office)
    raw = pickup_from_qr(text)
    if raw is None:
        raise PickupError("code", "this is not a OneStop pick-up code")
    code = normalise_code(raw)
    row = session.scalar(select(PickupCode).where(PickupCode.code_hash == code_hash(secret, code)))
    now = _when(now_ms() if now_ms_ is None else now_ms_)
    pickup = None if row is None else Pickup(row.office, _when(row.expires_at),
                                             None if row.handed_at is None else _when(row.handed_at))  # fmt: skip
    verdict = judge(pickup, office, now)
    zh, en = MESSAGES[verdict]
    holder = OFFICES[row.office] if row is not None else ""
    handed = _when(row.handed_at).strftime("%Y-%m-%d %H:%M") if row is not None and row.handed_at else ""
    message = (zh.format(office=holder, handed=handed), en.format(office=holder, handed=handed))
    if row is None:
        return Read(verdict, message)
    case = session.get(Case, row.case_id)
    assert case is not None
    show = verdict is Verdict.OK
    return Read(verdict, message, case.case_no, case.service_name if show else None, case.name if show else None,
                row.office)  # fmt: skip


def hand_over(
    session: Session, text: str, office: str, actor: str, secret: bytes, now_ms_: int | None = None
) -> Read:
    """Record the hand-over; only an ``ok`` read may be handed over, and only once (a concurrent second
    hand-over finds the row already handed and changes nothing)."""
    result = read(session, text, office, secret, now_ms_)
    if result.verdict is not Verdict.OK:
        return result
    code = normalise_code(pickup_from_qr(text) or "")
    now = now_ms() if now_ms_ is None else now_ms_
    done = session.execute(
        update(PickupCode)
        .where(PickupCode.code_hash == code_hash(secret, code), PickupCode.handed_at.is_(None))
        .values(handed_at=now, handed_by=actor, handed_office=office)
    )
    if getattr(done, "rowcount", 1) != 1:
        return read(session, text, office, secret, now_ms_)
    audit(session, actor, "pickup.hand_over", result.case_no or "", {"office": office})
    return result
