"""Online applications (POST /api/v1/applications) on SQLite and PostgreSQL: card session, light ID, repeats."""

from __future__ import annotations

import uuid

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from hub.auth.sessions import EndReason
from hub.auth.store import SqlSessions
from hub.auth.verify import CardIdentity
from hub.cases.models import Case
from hub.catalogue.loader import shipped_catalogue
from hub.catalogue.store import save_edit
from hub.staff.models import AuditEntry

DEVICE = "web-portal-01"
LIGHT_ID = {"national_id": "A123456789", "birth_date": "1985-03-15"}


def _card_session(sessions: sessionmaker[Session], device: str = DEVICE) -> str:
    """A citizen session as POST /api/v1/auth/card leaves it (the card check itself is tested in hub/auth)."""
    who = CardIdentity("林美玲", "6789", "ab" * 32, "CN=MOICA")
    with sessions() as session, session.begin():
        return SqlSessions(session, 180).open(device, who).token


def _body(service: str, **over: object) -> dict[str, object]:
    return {
        "request_id": uuid.uuid4().hex,
        "service": service,
        "applicant": {"name": "林美玲", "phone": "0912345678", "email": "mei@example.tw"},
        "consent": True,
        **over,
    }


def _count(sessions: sessionmaker[Session]) -> int:
    with sessions() as session:
        return int(session.scalar(select(func.count()).select_from(Case)) or 0)


def test_card_login_applies_for_a_card_service_and_queries_it(
    client: TestClient, sessions: sessionmaker[Session]
) -> None:
    """GIVEN a live card session WHEN the citizen applies online for a card-only service
    THEN a case of channel online is opened (number O...), consent recorded, and its password works."""
    token = _card_session(sessions)
    response = client.post(
        "/api/v1/applications",
        json=_body("HR-TRANSCRIPT", origin=DEVICE),
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 201, response.text
    created = response.json()
    assert created["case_no"].startswith("O")
    progress = client.post(
        "/api/v1/progress", json={"case_no": created["case_no"], "password": created["query_password"]}
    )
    assert progress.status_code == 200 and progress.json()["milestone"] == "received"
    with sessions() as session:
        case = session.scalar(select(Case).where(Case.case_no == created["case_no"]))
        assert case is not None and case.channel == "online" and case.identity == "card"
        assert case.consent_by == "online:card:*6789" and case.fields == {"id_last4": "6789"}


def test_light_identification_is_refused_for_a_card_service(
    client: TestClient, sessions: sessionmaker[Session]
) -> None:
    """GIVEN national ID + birth date only WHEN applying for a card-only service THEN 403, no case."""
    response = client.post("/api/v1/applications", json=_body("POL-CRIMINAL-RECORD", identification=LIGHT_ID))
    assert response.status_code == 403
    assert "card" in response.json()["detail"] and "A123456789" not in response.text
    assert _count(sessions) == 0


def test_a_light_session_is_refused_for_a_card_service_and_accepted_for_a_light_one(
    client: TestClient, sessions: sessionmaker[Session]
) -> None:
    """GIVEN a light session from POST /api/v1/auth/light (national ID + birth date)
    WHEN it applies for a card-only service THEN 403 and no case; for a light service THEN 201."""
    login = client.post("/api/v1/auth/light", json=LIGHT_ID)
    assert login.status_code == 200, login.text
    bearer = {"Authorization": f"Bearer {login.json()['session']}"}
    refused = client.post("/api/v1/applications", json=_body("TAX-HOUSE-CERT"), headers=bearer)
    assert refused.status_code == 403 and "card" in refused.json()["detail"]
    assert _count(sessions) == 0
    accepted = client.post("/api/v1/applications", json=_body("BLD-USE-PERMIT-COPY"), headers=bearer)
    assert accepted.status_code == 201, accepted.text
    with sessions() as session:
        case = session.scalar(select(Case))
        assert case is not None and case.identity == "light" and case.consent_by == "online:light:*6789"


def test_light_identification_suffices_for_a_light_service(
    client: TestClient, sessions: sessionmaker[Session]
) -> None:
    response = client.post("/api/v1/applications", json=_body("LAB-JOB-REGISTER", identification=LIGHT_ID))
    assert response.status_code == 201, response.text
    with sessions() as session:
        case = session.scalar(select(Case))
        assert case is not None and case.identity == "light" and case.fields == {"id_last4": "6789"}
        assert "A123456789" not in str(case.fields) and case.consent_by == "online:light:*6789"


def test_unidentified_applicant_only_for_services_that_need_none(
    client: TestClient, sessions: sessionmaker[Session]
) -> None:
    assert client.post("/api/v1/applications", json=_body("LAB-JOB-REGISTER")).status_code == 403
    assert client.post("/api/v1/applications", json=_body("UD-ZONING-CERT")).status_code == 201
    assert _count(sessions) == 1


def test_bad_input_is_refused_and_changes_nothing(
    client: TestClient, sessions: sessionmaker[Session]
) -> None:
    """Wrong check digit, no consent, a counter-only service, an ended or another device's session."""
    token = _card_session(sessions)
    bad_id = {"national_id": "A123456788", "birth_date": "1985-03-15"}
    # every service of seed 004's list is online (attachment 1); a supervisor's edit makes one counter-only
    counter_only = shipped_catalogue().get("EDU-CRAM-SCHOOL").model_dump(mode="json")
    counter_only["channels"] = ["counter", "mail"]
    with sessions() as session, session.begin():
        save_edit(session, counter_only, "lee.super")
    cases = [
        (_body("LAB-JOB-REGISTER", identification=bad_id), {}, 422, "check digit"),
        (_body("UD-ZONING-CERT", consent=False), {}, 422, "consent"),
        (_body("EDU-CRAM-SCHOOL", identification=LIGHT_ID), {}, 422, "online"),
        (_body("HR-TRANSCRIPT", origin="kiosk-other"), {"Authorization": f"Bearer {token}"}, 401, "device"),
        (_body("HR-TRANSCRIPT"), {"Authorization": f"Bearer {token}"}, 401, "another device"),
        (_body("NO-SUCH-SERVICE"), {}, 422, "NO-SUCH-SERVICE"),
    ]
    for body, headers, code, words in cases:
        response = client.post("/api/v1/applications", json=body, headers=headers)
        assert response.status_code == code, (body, response.text)
        assert words in response.json()["detail"], response.text
        assert "A123456788" not in response.text
    with sessions() as session, session.begin():
        SqlSessions(session, 180).end(token, DEVICE, EndReason.LOGOUT)
    ended = client.post(
        "/api/v1/applications",
        json=_body("HR-TRANSCRIPT", origin=DEVICE),
        headers={"Authorization": f"Bearer {token}"},
    )
    assert ended.status_code == 401 and ended.headers["www-authenticate"] == "Bearer"
    assert _count(sessions) == 0


def test_a_repeated_request_id_gives_the_same_case_with_a_new_password(
    client: TestClient, sessions: sessionmaker[Session]
) -> None:
    """GIVEN an application sent twice with one request_id (the first answer was lost)
    THEN one case exists, the repeat answers 200 with its number and a new password that works, the first
    password no longer works, and the same id for another service is refused (409)."""
    body = _body("LAB-JOB-REGISTER", identification=LIGHT_ID)
    first = client.post("/api/v1/applications", json=body)
    again = client.post("/api/v1/applications", json=body)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["case_no"] == again.json()["case_no"]
    assert _count(sessions) == 1
    no = first.json()["case_no"]
    old = client.post("/api/v1/progress", json={"case_no": no, "password": first.json()["query_password"]})
    new = client.post("/api/v1/progress", json={"case_no": no, "password": again.json()["query_password"]})
    assert (old.status_code, new.status_code) == (404, 200)
    other = client.post("/api/v1/applications", json={**body, "service": "HR-DOORPLATE-CERT"})
    assert other.status_code == 409 and "request_id" in other.json()["detail"]
    with sessions() as session:
        actions = list(session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))
    assert actions.count("case.open") == 1 and actions.count("case.password_reissue") == 1
