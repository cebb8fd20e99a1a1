"""Satisfaction questionnaire on SQLite and PostgreSQL: only closed cases, once per case, results in the SLA report."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from hub.cases.models import Case, SatisfactionAnswer
from hub.cases.satisfaction import Answer
from hub.cases.service import CaseError
from hub.notify.models import Notification


def _case(client: TestClient, auth: dict[str, str], service: str, close: bool = True) -> tuple[str, str]:
    body = {"service": service, "channel": "counter", "applicant": {"name": "林美玲"}, "consent": True}
    created = client.post("/api/v1/cases", json=body, headers=auth).json()
    if close:
        moved = client.post(
            f"/api/v1/cases/{created['case_no']}/milestones", json={"milestone": "closed"}, headers=auth
        )
        assert moved.status_code == 200, moved.text
    return created["case_no"], created["query_password"]


def _answer(client: TestClient, no: str, password: str, score: int, **extra: object) -> int:
    body = {"case_no": no, "password": password, "score": score, **extra}
    return client.post("/api/v1/satisfaction", json=body).status_code


def _stored(sessions: sessionmaker[Session]) -> int:
    with sessions() as session:
        return int(session.scalar(select(func.count()).select_from(SatisfactionAnswer)) or 0)


def test_answers_are_counted_per_agency_and_service_in_the_sla_report(
    client: TestClient, counter_auth: dict[str, str], sessions: sessionmaker[Session]
) -> None:
    """GIVEN three closed cases of two agencies answered 5, 2 and 4 (hand-computed below)
    THEN the SLA report shows answers, average and share satisfied (4-5) per agency and per service."""
    a = _case(client, counter_auth, "SW-EMERGENCY-AID")
    b = _case(client, counter_auth, "SW-EMERGENCY-AID")
    c = _case(client, counter_auth, "LAB-JOB-REGISTER")
    assert _answer(client, *a, 5, reasons=["fast", "staff"], comment="謝謝承辦人") == 201
    assert _answer(client, *b, 2) == 201
    assert _answer(client, *c, 4, reasons=["fast"]) == 201
    sat = client.get("/api/v1/reports/sla", headers=counter_auth).json()["satisfaction"]
    assert sat["overall"] == {"answers": 3, "average": 3.67, "satisfied_rate": 0.6667}
    assert sat["by_agency"]["社會局"] == {"answers": 2, "average": 3.5, "satisfied_rate": 0.5}
    assert sat["by_service"]["LAB-JOB-REGISTER"] == {"answers": 1, "average": 4.0, "satisfied_rate": 1.0}
    assert sat["reasons"]["fast"] == 2 and sat["reasons"]["staff"] == 1 and sat["reasons"]["notified"] == 0


def test_open_answered_or_wrong_cases_are_refused_and_change_nothing(
    client: TestClient, counter_auth: dict[str, str], sessions: sessionmaker[Session]
) -> None:
    open_no, open_pw = _case(client, counter_auth, "LAB-JOB-REGISTER", close=False)
    closed = _case(client, counter_auth, "LAB-JOB-REGISTER")
    assert _answer(client, open_no, open_pw, 5) == 409
    assert _answer(client, closed[0], "WRONGPWD", 5) == 404
    assert _answer(client, *closed, 6) == 422
    assert _answer(client, *closed, 3, reasons=["bribes"]) == 422
    assert _answer(client, *closed, 3, comment="x" * 501) == 422
    assert _answer(client, *closed, 3, comment="bad\x00text") == 422
    assert _stored(sessions) == 0
    assert _answer(client, *closed, 3) == 201
    assert _answer(client, *closed, 5) == 409
    assert _stored(sessions) == 1


def test_wrong_passwords_share_the_progress_rate_limit(
    client: TestClient, counter_auth: dict[str, str]
) -> None:
    """Five wrong tries on the questionnaire → 429, also for the right password and for progress."""
    no, password = _case(client, counter_auth, "LAB-JOB-REGISTER")
    assert [_answer(client, no, "WRONGPWD", 4) for _ in range(5)] == [404] * 5
    assert _answer(client, no, password, 4) == 429
    assert client.post("/api/v1/progress", json={"case_no": no, "password": password}).status_code == 429


def test_an_answer_checks_its_fields() -> None:
    assert Answer(4, ("fast",), "好").score == 4
    with pytest.raises(CaseError, match="each reason at most once"):
        Answer(4, ("fast", "fast"))
    with pytest.raises(CaseError, match="score must be 1"):
        Answer(0)


def test_the_closing_email_links_to_the_questionnaire(
    client: TestClient, counter_auth: dict[str, str], sessions: sessionmaker[Session]
) -> None:
    body = {
        "service": "LAB-JOB-REGISTER",
        "channel": "counter",
        "applicant": {"name": "林美玲", "email": "mei@example.tw"},
        "consent": True,
    }
    no = client.post("/api/v1/cases", json=body, headers=counter_auth).json()["case_no"]
    client.post(f"/api/v1/cases/{no}/milestones", json={"milestone": "closed"}, headers=counter_auth)
    with sessions() as session:
        closing = session.scalars(
            select(Notification.body)
            .join(Case, Case.id == Notification.case_id)
            .where(Case.case_no == no, Notification.milestone == "closed")
        ).one()
    assert f"https://onestop.example.tw/satisfaction?case_no={no}" in closing
