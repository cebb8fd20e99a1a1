"""Who registers online: the citizen session an HTTP registration must carry, and the registrant it binds.

Seed 000 line 36 (「市民只需輸入身分證字號及出生年月日等基本資料…即可輕鬆完成報名登記」): online registration
identifies the child by ID number and birth date — the hub's light identification (``POST /api/v1/auth/light``),
whose session must be for the very child registered. Every category that claims a status (needs assistance,
priority; seed 003 lines 78-104: 「應檢具證件」) rests on the parent's household, tax and welfare data, so, as at the
kiosk (hub/enrolment/mqtt/register.py), it needs a citizen-card login. The registration keeps which identification made
it (``registrant``: a keyed hash of the child's ID, or the card's certificate fingerprint) and only that
identification may read its result or check in online.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from fastapi import HTTPException, Request, status
from sqlalchemy.orm import Session

from hub.auth.national_id import Assurance, InvalidIdentification, normalise_national_id
from hub.auth.sessions import SessionInvalid
from hub.auth.store import SqlSessions
from hub.core.config import Settings
from hub.enrolment.mqtt.register import LIGHT_CATEGORIES
from hub.enrolment.rules.categories import Category

SESSION_HEADER = "X-Citizen-Session"
ORIGIN_HEADER = "X-Citizen-Origin"  # the device a card session belongs to (default: online)
ONLINE = "online"


@dataclass(frozen=True, slots=True)
class Registrant:
    """The identification behind an online request: ``binding`` is what a registration stores."""

    binding: str
    card: bool


def _refuse(code: int, zh: str, en: str) -> HTTPException:
    return HTTPException(code, {"code": "identification", "message_zh": zh, "message_en": en})


def online_registrant(request: Request, session: Session, settings: Settings, national_id: str) -> Registrant:
    """The live citizen session of this request, checked to be for this child (light) or a card login."""
    token = request.headers.get(SESSION_HEADER, "")
    origin = request.headers.get(ORIGIN_HEADER, ONLINE)[:63]
    if not token:
        raise _refuse(
            status.HTTP_401_UNAUTHORIZED,
            "線上登記須先驗證身分：以幼兒身分證字號及出生年月日驗證，或以自然人憑證登入。",
            f"Online registration needs identification first: POST /api/v1/auth/light with the child's ID and "
            f"birth date (or a citizen card login), then send the session in the {SESSION_HEADER} header.",
        )
    try:
        row = SqlSessions(session, settings.citizen_idle_timeout_s).get(token[:200], origin, Assurance.LIGHT)
    except SessionInvalid:
        raise _refuse(
            status.HTTP_401_UNAUTHORIZED,
            "身分驗證已結束或逾時，請重新驗證。",
            "Your identification has ended or timed out; identify again.",
        ) from None
    if Assurance(row.assurance) is Assurance.CARD:
        return Registrant(f"card:{row.certificate_sha256}", card=True)
    try:
        number = normalise_national_id(national_id)
    except InvalidIdentification:
        number = ""
    key = settings.light_id_key.get_secret_value().encode()
    expected = hmac.new(key, number.encode("ascii"), hashlib.sha256).hexdigest()
    if not number or not row.subject_key or not hmac.compare_digest(expected, row.subject_key):
        raise _refuse(
            status.HTTP_403_FORBIDDEN,
            "此身分驗證不是這位幼兒的，請以要登記的幼兒身分證字號及出生年月日重新驗證。",
            "This identification is for another child; identify with the ID and birth date of the child you "
            "register.",
        )
    return Registrant(f"light:{row.subject_key}", card=False)


def require_card_for(category: Category, registrant: Registrant) -> None:
    """Categories other than a general resident need the parent's card login (as at the kiosk)."""
    if category not in LIGHT_CATEGORIES and not registrant.card:
        raise _refuse(
            status.HTTP_403_FORBIDDEN,
            "此登記身分須由家長以自然人憑證登入後辦理。",
            "This category needs the parent's citizen card login.",
        )
