"""The case HTTP API on SQLite and PostgreSQL: open, progress query, rate limit, milestones, roles."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from hub.cases.models import Case
from hub.notify.models import Notification
from hub.staff.models import AuditEntry
from wire.payloads.cases import is_valid_case_no

NEW_CASE = {
    "service": "SW-EMERGENCY-AID",
    "channel": "counter",
    "applicant": {"name": "林美玲", "phone": "0912345678", "email": "mei@example.tw"},
    "consent": True,
}


def _open(client: TestClient, auth: dict[str, str], **over: object) -> dict[str, str]:
    response = client.post("/api/v1/cases", json={**NEW_CASE, **over}, headers=auth)
    assert response.status_code == 201, response.text
    return response.json()


def test_services_each_have_a_code(client: TestClient) -> None:
    services = client.get("/api/v1/services").json()
    assert len(services) >= 20 and all(s["code"] for s in services)


def test_counter_opens_a_case_and_the_citizen_queries_it(
    client: TestClient, counter_auth: dict[str, str], sessions: sessionmaker[Session]
) -> None:
    created = _open(client, counter_auth)
    assert is_valid_case_no(created["case_no"]) and created["case_no"].startswith("C")
    progress = client.post(
        "/api/v1/progress", json={"case_no": created["case_no"], "password": created["query_password"]}
    )
    assert progress.status_code == 200
    body = progress.json()
    assert body["milestone"] == "received" and body["timeline"][0]["name"] == "已受理"
    assert "phone" not in body and "name" not in body
    with sessions() as session:
        case = session.scalar(select(Case).where(Case.case_no == created["case_no"]))
        assert case is not None and created["query_password"] not in case.password_hash
        assert case.consent_by == "chen.counter"
        channels = sorted(
            session.scalars(select(Notification.channel).where(Notification.case_id == case.id))
        )
        assert channels == ["email", "sms"]
        assert (
            session.scalar(
                select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "case.open")
            )
            == 1
        )


def test_wrong_pairs_look_like_unknown_cases_then_429(
    client: TestClient, counter_auth: dict[str, str]
) -> None:
    created = _open(client, counter_auth)
    wrong = client.post("/api/v1/progress", json={"case_no": created["case_no"], "password": "WRONGPW2"})
    unknown = client.post("/api/v1/progress", json={"case_no": "C250101-AAAAA-AAAAA", "password": "WRONGPW2"})
    assert wrong.status_code == unknown.status_code == 404
    assert wrong.json() == unknown.json()
    for _ in range(4):  # five failures on this case from this client
        assert (
            client.post("/api/v1/progress", json={"case_no": created["case_no"], "password": "X"}).status_code
            == 404
        )
    limited = client.post(
        "/api/v1/progress", json={"case_no": created["case_no"], "password": created["query_password"]}
    )
    assert limited.status_code == 429


def test_failures_from_other_clients_do_not_lock_the_citizen_out(
    client: TestClient, counter_auth: dict[str, str], db_url: str, hub_engine: object
) -> None:
    """GIVEN five failures on one case from five different clients THEN the citizen, from a new client, with the
    right password gets in (issue 13: a stranger must not be able to lock a citizen out)."""
    created = _open(client, counter_auth)
    from hub.api.app import create_app
    from hub.core.config import load_settings

    app = create_app(load_settings(db_url=db_url), engine=hub_engine)  # type: ignore[arg-type]
    for i in range(5):
        other = TestClient(app, client=(f"203.0.113.{i}", 1000))
        assert (
            other.post(
                "/api/v1/progress", json={"case_no": created["case_no"], "password": "BAD"}
            ).status_code
            == 404
        )
    fresh = TestClient(app, client=("203.0.113.99", 1000))
    good = {"case_no": created["case_no"], "password": created["query_password"]}
    assert fresh.post("/api/v1/progress", json=good).status_code == 200


def test_staff_calls_need_a_token_of_the_right_role(
    client: TestClient, make_token: Callable[[str, str], str]
) -> None:
    assert client.post("/api/v1/cases", json=NEW_CASE).status_code == 401
    assert (
        client.post("/api/v1/cases", json=NEW_CASE, headers={"Authorization": "Bearer nope"}).status_code
        == 401
    )
    operator = {"Authorization": f"Bearer {make_token('op.1999', 'operator')}"}
    assert client.post("/api/v1/cases", json=NEW_CASE, headers=operator).status_code == 403


def test_bad_requests_change_nothing(
    client: TestClient, counter_auth: dict[str, str], sessions: sessionmaker[Session]
) -> None:
    for over in (
        {"consent": False},
        {"service": "NO-SUCH"},
        {"channel": "fax"},
        {"service": "HR-TRANSCRIPT", "channel": "mail"},
    ):
        response = client.post("/api/v1/cases", json={**NEW_CASE, **over}, headers=counter_auth)
        assert response.status_code == 422, (over, response.text)
        assert isinstance(response.json()["detail"], (str, list))
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(Case)) == 0


def test_advance_supplement_pause_and_close(
    client: TestClient, counter_auth: dict[str, str], sessions: sessionmaker[Session]
) -> None:
    created = _open(client, counter_auth)
    no = created["case_no"]
    moved = client.post(
        f"/api/v1/cases/{no}/milestones",
        json={"milestone": "supplement", "note": "請補存摺封面影本"},
        headers=counter_auth,
    )
    assert moved.status_code == 200 and moved.json()["waiting_for_supplement"] is True
    again = client.post(
        f"/api/v1/cases/{no}/milestones", json={"milestone": "supplement"}, headers=counter_auth
    )
    assert again.status_code == 409
    closed = client.post(
        f"/api/v1/cases/{no}/milestones",
        json={"milestone": "closed", "note": "核發完成"},
        headers=counter_auth,
    )
    assert closed.json()["status"] == "closed" and closed.json()["waiting_for_supplement"] is False
    assert (
        client.post(
            f"/api/v1/cases/{no}/milestones", json={"milestone": "reviewing"}, headers=counter_auth
        ).status_code
        == 409
    )
    progress = client.post(
        "/api/v1/progress", json={"case_no": no.lower(), "password": created["query_password"]}
    ).json()
    assert [t["milestone"] for t in progress["timeline"]] == ["received", "supplement", "closed"]
    with sessions() as session:
        sms = session.scalars(
            select(Notification.body).where(Notification.channel == "sms").order_by(Notification.id)
        ).all()
    assert "請補存摺封面影本" in sms[1] and no in sms[2]


def test_edited_notification_text_is_what_goes_out(
    client: TestClient, counter_auth: dict[str, str], sessions: sessionmaker[Session]
) -> None:
    no = _open(client, counter_auth)["case_no"]
    texts = {"email_subject": "自訂主旨", "email": "自訂內文", "sms": "自訂簡訊"}
    client.post(
        f"/api/v1/cases/{no}/milestones", json={"milestone": "reviewing", **texts}, headers=counter_auth
    )
    with sessions() as session:
        rows = session.execute(
            select(Notification.subject, Notification.body).where(Notification.milestone == "reviewing")
        ).all()
    assert {tuple(r) for r in rows} == {(None, "自訂簡訊"), ("自訂主旨", "自訂內文")}


def test_payment_milestone_makes_a_slip(client: TestClient, counter_auth: dict[str, str]) -> None:
    no = _open(client, counter_auth, service="POL-CRIMINAL-RECORD", copies=2)["case_no"]
    client.post(f"/api/v1/cases/{no}/milestones", json={"milestone": "payment_due"}, headers=counter_auth)
    slips = client.get(f"/api/v1/cases/{no}/slips", headers=counter_auth).json()
    assert len(slips) == 1 and slips[0]["amount"] == 200
    segments = slips[0]["barcodes"]
    assert [len(s) for s in segments] == [9, 16, 15] and segments[1] == slips[0]["payment_no"]
    assert slips[0]["qr"].startswith(f"ONESTOP:PAY:{no}:")
    assert date.fromisoformat(slips[0]["due_on"]) > date.today()


def test_operator_lookup_is_logged(
    client: TestClient,
    counter_auth: dict[str, str],
    make_token: Callable[[str, str], str],
    sessions: sessionmaker[Session],
) -> None:
    no = _open(client, counter_auth)["case_no"]
    operator = {"Authorization": f"Bearer {make_token('op.1999', 'operator')}"}
    found = client.get(
        f"/api/v1/lookup/{no.replace('-', ' ')}", params={"reason": "來電查詢"}, headers=operator
    )
    assert found.status_code == 200 and found.json()["case_no"] == no
    assert client.get("/api/v1/lookup/C250101-AAAAA-AAAAA", headers=operator).status_code == 404
    with sessions() as session:
        entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "case.lookup"))
    assert entry is not None and entry.actor == "op.1999" and entry.target == no


def test_receipt_reprint_is_counted(client: TestClient, counter_auth: dict[str, str]) -> None:
    no = _open(client, counter_auth)["case_no"]
    first = client.post(f"/api/v1/cases/{no}/receipt", headers=counter_auth).json()
    second = client.post(f"/api/v1/cases/{no}/receipt", headers=counter_auth).json()
    assert (first["print"], second["print"]) == (1, 2) and "password" not in second


def test_control_characters_are_refused_not_stored(
    client: TestClient, counter_auth: dict[str, str], make_token: Callable[[str, str], str]
) -> None:
    """PostgreSQL cannot store NUL: such input gets a 4xx (found by schemathesis as a 500), never a 5xx."""
    bad_name = {**NEW_CASE, "applicant": {"name": "林\x00美玲"}}
    assert client.post("/api/v1/cases", json=bad_name, headers=counter_auth).status_code == 422
    assert client.post("/api/v1/progress", json={"case_no": "\x00", "password": "x"}).status_code == 404
    assert client.get("/api/v1/cases/C%00", headers=counter_auth).status_code == 404
    no = _open(client, counter_auth)["case_no"]
    moved = client.post(
        f"/api/v1/cases/{no}/milestones",
        json={"milestone": "reviewing", "note": "a\x00"},
        headers=counter_auth,
    )
    assert moved.status_code == 422
    operator = {"Authorization": f"Bearer {make_token('op.1999', 'operator')}"}
    assert (
        client.get(f"/api/v1/lookup/{no}", params={"reason": "x\x00y"}, headers=operator).status_code == 200
    )
    supervisor = {"Authorization": f"Bearer {make_token('lee.super', 'supervisor')}"}
    service = client.get("/api/v1/services/HR-TRANSCRIPT").json()
    service["name"] = "謄本\x00"
    assert client.put("/api/v1/services/HR-TRANSCRIPT", json=service, headers=supervisor).status_code == 422
    settlement = "H20251121CVS711  \nD\x00\nT000000100000000000000\n"
    assert client.post("/api/v1/settlements", content=settlement, headers=supervisor).status_code == 422
