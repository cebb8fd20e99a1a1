"""Kiosk registration over MQTT (``enrolment.register``): the child's ID becomes its HMAC at once, never echoed.

Identification: the parent's card-login session on this device (hub/auth) for every category that claims a
status (needs assistance, priority), because those claims rest on the parent's household, tax and welfare
data; light identification (the child's ID with a valid check digit and birth date, seed 000 line 36:
「輸入身分證字號及出生年月日」) suffices for a general resident. On-site-only categories are refused by the rules
engine as for any online registration. Nothing here logs the request body; every failure, even an unexpected
one, becomes a ``request.error`` with a parent-readable reason, so the body never lands in dead letters.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hub.auth.national_id import InvalidIdentification, masked, normalise_national_id
from hub.auth.runtime import current_runtime
from hub.auth.sessions import SessionInvalid
from hub.auth.store import SqlSessions
from hub.enrolment.guards import check_not_placed, check_priority_card
from hub.enrolment.live import board_changed
from hub.enrolment.models import EnrolRegistration
from hub.enrolment.mqtt.board import CURRENT_YEAR
from hub.enrolment.rules.calendar import Channel, Phase
from hub.enrolment.rules.categories import Category
from hub.enrolment.rules.dates import TAIPEI, format_both, parse_date
from hub.enrolment.rules.eligibility import Applicant
from hub.enrolment.rules.errors import EnrolmentRefusal, InvalidDate
from hub.enrolment.service import EnrolmentService, child_ref
from hub.enrolment.store import SqlRepository, load_kindergartens
from hub.ingest.handlers import RequestRejected, on_request
from hub.staff.accounts import audit
from wire import Decoded, Payload
from wire.payloads.enrolment import RegisterRequest, RegisterResponse

log = logging.getLogger(__name__)

#: The kiosk's clock (tests replace it); the HTTP app has its own (app.state.enrolment_clock).
CLOCK: list[Callable[[], datetime]] = [lambda: datetime.now(TAIPEI)]
LIGHT_CATEGORIES = frozenset({Category.GENERAL_RESIDENT})


def _reject(code: str, zh: str, en: str) -> RequestRejected:
    return RequestRejected(code, f"{zh} {en}"[:500])


def _card_holder(session: Session, token: str | None, device: str) -> bool:
    """True for a live card-login session of this device; False when none was given; refused if stale."""
    if token is None:
        return False
    settings = current_runtime().settings
    try:
        SqlSessions(session, settings.citizen_idle_timeout_s).get(token, device)
    except SessionInvalid:
        raise _reject(
            "card_session_invalid",
            "自然人憑證登入已結束或逾時，請重新插卡登入。",
            "Your card login has ended or timed out; insert the card and log in again.",
        ) from None
    return True


@on_request("enrolment.register")
def register(session: Session, msg: Decoded) -> Payload:
    assert isinstance(msg.body, RegisterRequest)
    try:
        reply = _register(session, msg.body, msg.envelope.device)
    except RequestRejected as exc:
        log.info("kiosk registration from %s refused: %s", msg.envelope.device, exc.code)
        raise
    except Exception as exc:  # never let the body reach a dead letter or a traceback's message
        log.error("enrolment.register from %s failed: %s", msg.envelope.device, type(exc).__name__)
        raise _reject(
            "internal",
            "系統暫時無法受理登記，請稍後再試。",
            "Registration failed at the hub; try again shortly.",
        ) from None
    log.info("kiosk registration %s at %s from %s (%s identification)", reply.number, reply.kindergarten,
             msg.envelope.device, reply.identified)  # fmt: skip
    return reply


def _register(session: Session, body: RegisterRequest, device: str) -> RegisterResponse:
    try:
        number = normalise_national_id(body.national_id)
    except InvalidIdentification:
        raise _reject(
            "invalid_id",
            "幼兒身分證統一編號格式或檢查碼不正確，請再核對。",
            "The child's ID number is not valid (format or check digit); please check it.",
        ) from None
    settings = current_runtime().settings
    child = child_ref(number, settings.enrolment_id_key.get_secret_value().encode())
    shown = masked(number)
    del number
    try:
        category = Category(body.category)
    except ValueError:
        raise _reject(
            "invalid_category", "無此登記身分類別。", f"No such category {body.category!r}."
        ) from None
    try:
        birth = parse_date(body.birth)
        since = parse_date(body.resident_since) if body.resident_since else None
    except InvalidDate as exc:
        raise _reject("invalid_date", exc.message_zh, exc.message_en) from None
    card = _card_holder(session, body.citizen_session, device)
    if not card and category not in LIGHT_CATEGORIES:
        raise _reject(
            "card_required",
            "此登記身分須由家長以自然人憑證登入後辦理，請插入自然人憑證。",
            "This category needs the parent's citizen card login; insert your card and log in first.",
        )
    year, now = CURRENT_YEAR[0], CLOCK[0]()
    applicant = Applicant(
        birth=birth,
        category=category,
        resident=body.resident,
        resident_since=since,
        national=body.national,
        parent_disabled_non_resident=body.parent_disabled_non_resident,
        grandparents_household=body.grandparents_household,
        has_priority_card=body.has_priority_card,
        staff_kindergarten=body.staff_kindergarten,
    )
    try:  # a refusal leaves the request's transaction by an exception: nothing of it is kept
        check_not_placed(session, year, child, Phase(body.phase))
        if body.has_priority_card:
            check_priority_card(session, year, child, now)
        svc = EnrolmentService(year, load_kindergartens(session), SqlRepository(session))
        reg = svc.register(child, applicant, body.kindergarten, Phase(body.phase), Channel.ONLINE, now)
        session.flush()
        if body.phone:  # for the waiting-list notice when a place is offered
            session.execute(
                update(EnrolRegistration)
                .where(EnrolRegistration.number == reg.number)
                .values(notify_phone=body.phone)
            )
    except EnrolmentRefusal as exc:
        raise _reject(exc.code, exc.message_zh, exc.message_en) from None
    except IntegrityError:
        raise _reject(
            "duplicate_registration",
            "此幼兒剛在別處完成登記，請查詢登記結果。",
            "This child was registered elsewhere at the same moment; look up the result.",
        ) from None
    identified = "card" if card else "light"
    audit(session, f"kiosk:{device}", "enrol.register", reg.number,
          {"kindergarten": reg.kindergarten, "identified": identified})  # fmt: skip
    board_changed(session, reg.kindergarten, int(reg.phase))
    return RegisterResponse(
        number=reg.number,
        kindergarten=reg.kindergarten,
        phase=int(reg.phase),
        child=shown,
        birth=format_both(birth),
        age=int(year.age_of(birth)),
        group=reg.key.label(),
        identified=identified,
    )
