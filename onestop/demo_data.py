"""Realistic demo cases for screenshots and the demo: open, paused, overdue, closed on time and late."""

from __future__ import annotations

import base64
import hashlib
import io
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from hub.cases.calendar import taiwan_calendar
from hub.cases.models import Case, SatisfactionAnswer
from hub.cases.service import TAIPEI, Applicant, advance, open_case, payments_of
from hub.documents.mqtt import store_page
from wire.payloads.documents import DocumentPage

PUBLIC = "http://127.0.0.1:8000"


def _back(today: date, working_days: int) -> date:
    """The working day ``working_days`` before ``today``."""
    cal, day, left = taiwan_calendar(), today, working_days
    while left:
        day -= timedelta(days=1)
        if cal.is_working_day(day):
            left -= 1
    return day


def _page_png(text: str) -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("L", (420, 594), 255)
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 20, 400, 574), outline=0, width=3)
    draw.text((40, 40), text, fill=0)
    for y in range(90, 540, 28):
        draw.line((40, y, 380, y), fill=160, width=1)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def seed(sessions: sessionmaker[Session], today: date) -> dict[str, str]:
    """Open and move demo cases; returns {label: case_no} for the interesting ones."""
    people = [
        ("林美玲", "0912345678", "mei@example.tw"),
        ("王大同", "0922333444", None),
        ("陳怡君", None, "yi@example.tw"),
        ("張志明", "0933555666", "chih@example.tw"),
        ("黃淑芬", "0955777888", None),
        ("李建國", None, None),
    ]
    plan = [  # label, service, channel, received (working days ago), steps (milestone, working days ago, note)
        (
            "paused",
            "SW-EMERGENCY-AID",
            "counter",
            4,
            [("reviewing", 3, ""), ("supplement", 2, "請補存摺封面影本")],
        ),
        ("overdue", "LAND-ADDRESS-CHANGE", "mail", 9, [("reviewing", 6, "")]),
        ("payment", "POL-CRIMINAL-RECORD", "counter", 2, [("reviewing", 1, ""), ("payment_due", 0, "")]),
        (
            "late",
            "HR-TRANSCRIPT-EN",
            "counter",
            12,
            [("reviewing", 10, ""), ("payment_due", 8, ""), ("ready", 7, ""), ("closed", 6, "已領件")],
        ),
        (
            "ontime",
            "SW-PARKING-PERMIT",
            "counter",
            8,
            [("reviewing", 6, ""), ("ready", 4, "請攜帶身分證領取"), ("closed", 3, "")],
        ),
        ("fresh", "LAB-COMPLAINT", "counter", 0, []),
        (
            "survey",
            "LAND-SURVEY",
            "counter",
            5,
            [("payment_due", 4, ""), ("site_visit", 1, "訂於下週二上午 9 時會同鑑界")],
        ),
        ("cram", "EDU-CRAM-SCHOOL", "mail", 3, [("reviewing", 2, "")]),
        ("zoning", "UD-ZONING-CERT", "counter", 1, []),
        (
            "tax",
            "TAX-LAND-SELF-USE",
            "counter",
            14,
            [("reviewing", 12, ""), ("closed", 5, "核定自用住宅稅率")],
        ),
    ]
    cases: dict[str, str] = {}
    for i, (label, service, channel, ago, steps) in enumerate(plan):
        name, phone, email = people[i % len(people)]
        with sessions() as session, session.begin():
            case, _ = open_case(
                session,
                service_code=service,
                channel=channel,
                applicant=Applicant(name, phone, email),
                consent=True,
                actor="chen.counter",
                public_url=PUBLIC,
                today=_back(today, ago),
            )
            for milestone, when, note in steps:
                advance(
                    session,
                    case_no=case.case_no,
                    milestone=milestone,
                    actor="chen.counter",
                    public_url=PUBLIC,
                    note=note,
                    today=_back(today, when),
                )
            cases[label] = case.case_no
            if any(m in ("ready", "site_visit") for m, _, _ in steps):  # fees were paid before that step
                for payment in payments_of(session, case):
                    payment.status, payment.store = "paid", "COUNTER"
                    payment.paid_at = int(
                        datetime.combine(_back(today, steps[-1][1] + 1), time(10, 30), TAIPEI).timestamp()
                        * 1000
                    )
    with sessions() as session, session.begin():
        for index in range(2):
            data = _page_png(f"OneStop {cases['paused']} p.{index + 1}")
            store_page(
                session,
                DocumentPage(
                    batch="b" * 32,
                    case_no=cases["paused"],
                    page_index=index,
                    page_count=2,
                    sha256=hashlib.sha256(data).hexdigest(),
                    media_type="image/png",
                    size=len(data),
                    width=420,
                    height=594,
                    data=base64.b64encode(data).decode(),
                ),
                "kiosk-tpe-001",
            )
        data = _page_png("OneStop (QR unreadable)")
        store_page(
            session,
            DocumentPage(
                batch="c" * 32,
                case_no=None,
                page_index=0,
                page_count=1,
                sha256=hashlib.sha256(data).hexdigest(),
                media_type="image/png",
                size=len(data),
                width=420,
                height=594,
                data=base64.b64encode(data).decode(),
                flags=("no_qr",),
            ),
            "kiosk-tpe-002",
        )
    _answer_questionnaires(sessions)
    return cases


#: Demo questionnaire answers for the closed cases, in turn: (score 1-5, reasons, comment).
_ANSWERS = [
    (5, ["saved_time", "notified"], "簡訊通知很方便"),
    (4, ["fast"], ""),
    (2, [], "等候時間太長"),
    (5, ["online_query", "staff"], ""),
]


def _answer_questionnaires(sessions: sessionmaker[Session]) -> None:
    """Closed demo cases get an answer each (as if the citizen filled in /satisfaction)."""
    with sessions() as session, session.begin():
        closed = session.scalars(select(Case).where(Case.status == "closed").order_by(Case.id)).all()
        for i, case in enumerate(closed):
            score, reasons, comment = _ANSWERS[i % len(_ANSWERS)]
            session.add(
                SatisfactionAnswer(
                    case_id=case.id,
                    agency=case.agency,
                    service=case.service,
                    score=score,
                    reasons=reasons or None,
                    comment=comment or None,
                    answered_at=case.created_at + 86_400_000,
                )
            )
