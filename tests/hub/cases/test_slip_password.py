"""Seed 004:665: a citizen who filed online chooses a password and prints the case's slip at a store kiosk
with the case number and that password; the query password keeps working; guesses count with the progress
query's; bad input changes nothing; over NT$20,000 no slip but the bank/ATM message (004:1835)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from hub.cases.models import Case, ProgressFailure
from hub.cases.passwords import PREFIX
from hub.ingest.consumer import Consumer
from onestop.dev.waiting import wait_until
from onestop.processes import Mosquitto
from tests.hub.agent_double import AgentDouble
from tests.hub.cases.test_kiosk_mqtt import consumer  # noqa: F401 (the hub's MQTT consumer fixture)
from wire import Channel, topics
from wire.payloads.cases import SlipQuery

LIGHT_ID = {"national_id": "A123456789", "birth_date": "1985-03-15"}


def _apply(client: TestClient, **over: object) -> dict[str, Any]:
    body = {"request_id": uuid.uuid4().hex, "service": "HR-DOORPLATE-CERT", "consent": True,
            "applicant": {"name": "林美玲", "phone": "0912345678"}, "identification": LIGHT_ID, **over}  # fmt: skip
    response = client.post("/api/v1/applications", json=body)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def _case(sessions: sessionmaker[Session], case_no: str) -> Case:
    with sessions() as session:
        case = session.scalar(select(Case).where(Case.case_no == case_no))
        assert case is not None
        session.expunge(case)
        return case


def _failures(sessions: sessionmaker[Session]) -> int:
    with sessions() as session:
        return int(session.scalar(select(func.count()).select_from(ProgressFailure)) or 0)


def test_chosen_at_filing_stored_as_a_keyed_hash_and_the_query_password_still_works(
    client: TestClient, sessions: sessionmaker[Session]
) -> None:
    created = _apply(client, slip_password="meg2468")
    case = _case(sessions, created["case_no"])
    assert case.slip_password_hash is not None and case.slip_password_hash.startswith(PREFIX)
    assert "MEG2468" not in case.slip_password_hash and case.slip_password_hash != case.password_hash
    progress = client.post(
        "/api/v1/progress", json={"case_no": created["case_no"], "password": created["query_password"]}
    )
    assert progress.status_code == 200


def test_a_bad_chosen_password_at_filing_opens_no_case(
    client: TestClient, sessions: sessionmaker[Session]
) -> None:
    with sessions() as session:
        before = session.scalar(select(func.count()).select_from(Case))
    body = {"request_id": uuid.uuid4().hex, "service": "HR-DOORPLATE-CERT", "consent": True,
            "applicant": {"name": "林美玲"}, "identification": LIGHT_ID, "slip_password": "123456"}  # fmt: skip
    refused = client.post("/api/v1/applications", json=body)
    assert (
        refused.status_code == 422
        and "slip_password" in refused.text
        and "consecutive digits" in refused.text
    )
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(Case)) == before


def test_choose_later_with_the_query_password_and_bad_input_changes_nothing(
    client: TestClient, sessions: sessionmaker[Session], counter_auth: dict[str, str]
) -> None:
    created = _apply(client)
    no, query = created["case_no"], created["query_password"]
    url = f"/api/v1/cases/{no}/slip-password"
    assert _case(sessions, no).slip_password_hash is None
    for bad, words in (
        ("12345", "6 to 12"),
        ("AAAAAAA", "too easy"),
        ("ABCOI9", "not IO"),
        ("x" * 13, "6 to 12"),
    ):
        got = client.put(url, json={"query_password": query, "slip_password": bad})
        assert got.status_code == 422 and words in got.json()["detail"], (bad, got.text)
    assert client.put(url, json={"query_password": query}).status_code == 422  # a field missing
    assert _case(sessions, no).slip_password_hash is None and _failures(sessions) == 0  # no try spent
    wrong = client.put(url, json={"query_password": "WRONG234", "slip_password": "MEG2468"})
    assert wrong.status_code == 404 and _failures(sessions) == 1
    assert _case(sessions, no).slip_password_hash is None
    ok = client.put(url, json={"query_password": query.lower(), "slip_password": "meg2468"})
    assert ok.status_code == 200 and ok.json() == {"case_no": no, "slip_password": "set"}
    assert _case(sessions, no).slip_password_hash is not None
    counter_case = client.post("/api/v1/cases", headers=counter_auth, json={
        "service": "HR-DOORPLATE-CERT", "channel": "counter", "applicant": {"name": "乙"}, "consent": True}).json()  # fmt: skip
    at_counter = client.put(f"/api/v1/cases/{counter_case['case_no']}/slip-password",
                            json={"query_password": counter_case["query_password"], "slip_password": "MEG2468"})  # fmt: skip
    assert at_counter.status_code == 409 and "not online" in at_counter.json()["detail"]
    assert _case(sessions, counter_case["case_no"]).slip_password_hash is None


def test_guessing_the_query_password_here_is_slowed_like_the_progress_query(client: TestClient) -> None:
    created = _apply(client)
    url = f"/api/v1/cases/{created['case_no']}/slip-password"
    for _ in range(3):
        assert (
            client.put(url, json={"query_password": "WRONG234", "slip_password": "MEG2468"}).status_code
            == 404
        )
    for _ in range(2):  # the progress query's failures count in the same budget
        client.post("/api/v1/progress", json={"case_no": created["case_no"], "password": "WRONG234"})
    limited = client.put(url, json={"query_password": created["query_password"], "slip_password": "MEG2468"})
    assert limited.status_code == 429 and "15 minutes" in limited.json()["detail"]


@pytest.mark.mosquitto
def test_store_kiosk_prints_with_number_and_chosen_password(
    consumer: Consumer,  # noqa: F811
    mosquitto: Mosquitto,
    client: TestClient,
    counter_auth: dict[str, str],
    make_token: Callable[[str, str], str],
) -> None:
    """GIVEN an online case with a chosen password and a NT$30 fee due WHEN a store kiosk sends case.slip
    THEN the right pair gets the slip (barcodes 9/16/15); wrong pairs say how many tries are left and the
    sixth is limited; a case with no chosen password looks like a wrong pair. THEN a NT$20,001 fee gets no
    slip but bank_only."""
    created = _apply(client, slip_password="MEG2468", copies=2)
    no = created["case_no"]
    client.post(f"/api/v1/cases/{no}/milestones", json={"milestone": "payment_due"}, headers=counter_auth)
    plain = _apply(client)  # no chosen password
    agent = AgentDouble(mosquitto.port, "kiosk-store-017").start()
    try:

        def ask(case_no: str, password: str) -> dict[str, Any]:
            before = len(agent.received)
            agent.publish(topics.topic_for(agent.site, agent.device, Channel.REQUEST, "case.slip"),
                          SlipQuery(case_no=case_no, password=password))  # fmt: skip
            wait_until(lambda: any(m.envelope.type == "case.slip" for m in agent.received[before:]))
            reply = next(m for m in agent.received[before:] if m.envelope.type == "case.slip")
            answer: dict[str, Any] = reply.body.model_dump(mode="json")
            return answer

        good = ask(no.lower(), "meg2468")
        assert good["found"] is True and good["case_no"] == no and good["service_name"] == "申辦門牌證明"
        (slip,) = good["slips"]
        assert slip["amount"] == 30 and [len(s) for s in slip["barcodes"]] == [9, 16, 15]
        assert ask(no, created["query_password"])["found"] is False  # the query password is not the slip's
        none_chosen = ask(plain["case_no"], "MEG2468")
        assert none_chosen["found"] is False and none_chosen["tries_left"] == 4
        assert [ask(no, "WRONG99")["tries_left"] for _ in range(3)] == [3, 2, 1]
        fifth = ask(no, "WRONG99")
        assert fifth["found"] is False and fifth["limited"] is True and fifth["tries_left"] == 0
        assert ask(no, "MEG2468")["limited"] is True  # the right one too, from this kiosk, for 15 minutes

        supervisor = {"Authorization": f"Bearer {make_token('wu.super', 'supervisor')}"}
        service = client.get("/api/v1/services/HR-DOORPLATE-CERT").json()
        service["fees"] = [{"item": "門牌證明", "amount": 20_001}]
        assert (
            client.put("/api/v1/services/HR-DOORPLATE-CERT", json=service, headers=supervisor).status_code
            == 200
        )
        big = _apply(client, slip_password="BAG2468")
        client.post(f"/api/v1/cases/{big['case_no']}/milestones", json={"milestone": "payment_due"},
                    headers=counter_auth)  # fmt: skip
        answer = ask(big["case_no"], "BAG2468")
        assert answer["found"] is True and answer["slips"] == []
        assert [b["amount"] for b in answer["bank_only"]] == [20_001]
    finally:
        agent.stop()
