"""A kiosk case over real Mosquitto: the same event twice makes one case; its number and password work."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from hub.cases.models import Case
from hub.cases.service import date_of_ms
from hub.core.config import load_settings
from hub.devices.models import DeadLetter
from hub.ingest.consumer import Consumer
from onestop.dev.waiting import wait_until
from onestop.processes import Mosquitto
from tests.hub.agent_double import AgentDouble
from wire import new_message_id, topics
from wire.payloads.cases import CaseOpened, Origin, hash_query_password, make_case_no

pytestmark = pytest.mark.mosquitto


@pytest.fixture
def consumer(mosquitto: Mosquitto, db_url: str, sessions: sessionmaker[Session]) -> Iterator[Consumer]:
    settings = load_settings(db_url=db_url, broker_url=mosquitto.url, instance_id=f"t-{uuid.uuid4().hex[:8]}")
    hub = Consumer(settings, sessions).start()
    assert hub.wait_subscribed(10)
    yield hub
    hub.stop()


def test_kiosk_case_twice_over_mqtt_exists_once_and_answers_progress(
    consumer: Consumer, mosquitto: Mosquitto, sessions: sessionmaker[Session], client: TestClient
) -> None:
    """GIVEN a kiosk that made a case number and password offline WHEN it sends case.opened twice with the
    same event id (a replay after a lost ack) THEN one case exists, dated when it was made, and the
    printed number + password work in POST /api/v1/progress while a wrong password is refused."""
    password = "K7PQ2MXA"
    case_no = make_case_no(Origin.KIOSK, date.today())
    body = CaseOpened(
        case_no=case_no,
        service="HR-TRANSCRIPT",
        password_hash=hash_query_password(password),
        name="王大同",
        phone="0987654321",
        identity="card",
        consent=True,
        fields={"copies": "2"},
    )
    agent = AgentDouble(mosquitto.port, "kiosk-tpe-001").start()
    try:
        event_id = new_message_id()
        topic = topics.event(agent.site, agent.device, body.TYPE)
        agent.publish(topic, body, msg_id=event_id)
        agent.publish(topic, body, msg_id=event_id, historical=True)
        with agent._lock:
            agent.pending[event_id] = body
        assert agent.drain(10)
        # the ack may have come from the first delivery: the replay's turn is over once the hub counted it
        wait_until(lambda: consumer.stats.duplicates >= 1, 10, "the hub to handle the replay as a duplicate")
    finally:
        agent.stop()
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(Case).where(Case.case_no == case_no)) == 1
        case = session.scalar(select(Case).where(Case.case_no == case_no))
        assert case is not None and case.channel == "kiosk" and case.copies == 2
        assert case.consent_by == "kiosk:kiosk-tpe-001" and case.source_event == event_id
    ok = client.post("/api/v1/progress", json={"case_no": case_no, "password": password})
    assert ok.status_code == 200 and ok.json()["service"] == "HR-TRANSCRIPT"
    assert (
        client.post("/api/v1/progress", json={"case_no": case_no, "password": "WRONG234"}).status_code == 404
    )


def test_a_number_reused_by_another_event_is_a_dead_letter(
    consumer: Consumer, mosquitto: Mosquitto, sessions: sessionmaker[Session]
) -> None:
    case_no = make_case_no(Origin.KIOSK, date.today())
    body = CaseOpened(
        case_no=case_no,
        service="HR-TRANSCRIPT",
        password_hash=hash_query_password("AAAAAAAA"),
        name="甲",
        consent=True,
    )
    agent = AgentDouble(mosquitto.port, "kiosk-tpe-002").start()
    try:
        agent.emit(1, body)
        agent.emit(1, body)  # a different event id with the same number
        assert agent.drain(10)
    finally:
        agent.stop()
    wait_until(lambda: _count_dead(sessions) >= 1)
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(Case)) == 1
        reason = session.scalar(select(DeadLetter.message).where(DeadLetter.reason == "handler_error"))
    assert reason is not None and "already used" in reason


def test_case_made_offline_days_ago_keeps_its_date(
    consumer: Consumer, mosquitto: Mosquitto, sessions: sessionmaker[Session]
) -> None:
    """GIVEN a kiosk that opened a case three days ago while offline WHEN the event finally arrives (historical)
    THEN the case is received on that day (its deadline counts from then) and consent is dated then too."""
    from wire import encode, make_envelope, now_ms

    made = now_ms() - 3 * 86_400_000
    made_on = date_of_ms(made)
    body = CaseOpened(
        case_no=make_case_no(Origin.KIOSK, made_on),
        service="HR-TRANSCRIPT",
        password_hash=hash_query_password("AAAAAAAA"),
        name="丙",
        consent=True,
    )
    agent = AgentDouble(mosquitto.port, "kiosk-tpe-004").start()
    try:
        env = make_envelope(
            body, device=agent.device, session=agent.session, seq=agent.next_seq(), ts=made, historical=True
        )
        with agent._lock:
            agent.pending[env.id] = body
        agent.client.publish(topics.event(agent.site, agent.device, body.TYPE), encode(env), qos=1)
        assert agent.drain(10, resend_after=30)
    finally:
        agent.stop()
    with sessions() as session:
        case = session.scalar(select(Case).where(Case.case_no == body.case_no))
        assert case is not None and case.received_on == made_on and case.consent_at == made


def _count_dead(sessions: sessionmaker[Session]) -> int:
    with sessions() as session:
        return int(
            session.scalar(
                select(func.count()).select_from(DeadLetter).where(DeadLetter.reason == "handler_error")
            )
            or 0
        )


def test_kiosk_query_returns_progress_and_slips_and_is_rate_limited(
    consumer: Consumer, mosquitto: Mosquitto, client: TestClient, counter_auth: dict[str, str]
) -> None:
    """GIVEN a counter case with a payment due WHEN a kiosk sends case.query with the right pair THEN it gets
    the milestone and the slip to print; wrong pairs get found=False and the sixth try limited=True."""

    created = counter_case(client, counter_auth, "HR-HOUSEHOLD-BOOK", "乙")
    no = created["case_no"]
    client.post(f"/api/v1/cases/{no}/milestones", json={"milestone": "payment_due"}, headers=counter_auth)
    agent = AgentDouble(mosquitto.port, "kiosk-tpe-003").start()
    try:

        def ask(password: str) -> dict[str, object]:
            return kiosk_query(agent, no.lower(), password)

        good = ask(created["query_password"])
        assert good["found"] is True and good["milestone_name"] == "待繳費"
        # an agent that does not ask for English (an older one) gets no field it would not know
        assert "service_name_en" not in good and "milestone_name_en" not in good
        english = kiosk_query(agent, no, created["query_password"], english=True)
        assert english["service_name"] == "補領戶口名簿" and english["milestone_name"] == "待繳費"
        assert english["service_name_en"] == "Replacement household certificate"
        assert english["milestone_name_en"] == "Payment due"
        (slip,) = good["slips"]
        assert slip["amount"] == 30 and [len(s) for s in slip["barcodes"]] == [9, 16, 15]
        for _ in range(5):
            assert ask("WRONG234") == {**ask_empty(), "found": False}
        assert ask(created["query_password"])["limited"] is True
    finally:
        agent.stop()


def counter_case(client: TestClient, auth: dict[str, str], service: str, name: str) -> dict[str, str]:
    """A case registered at the counter (number and query password in the answer)."""
    body = {"service": service, "channel": "counter", "applicant": {"name": name}, "consent": True}
    return client.post("/api/v1/cases", json=body, headers=auth).json()  # type: ignore[no-any-return]


def kiosk_query(agent: AgentDouble, case_no: str, password: str, english: bool = False) -> dict[str, object]:
    """Send ``case.query`` as a kiosk does and return the hub's answer."""
    from wire import Channel
    from wire.payloads.cases import CaseQuery

    before = len(agent.received)
    topic = topics.topic_for(agent.site, agent.device, Channel.REQUEST, "case.query")
    agent.publish(topic, CaseQuery(case_no=case_no, password=password, english=english))
    wait_until(lambda: any(m.envelope.type == "case.query" for m in agent.received[before:]))
    reply = next(m for m in agent.received[before:] if m.envelope.type == "case.query")
    return reply.body.model_dump(mode="json")


def ask_empty() -> dict[str, object]:
    from wire.payloads.cases import CaseStatus

    return CaseStatus(found=False).model_dump(mode="json")


def test_over_twenty_thousand_gets_no_slip_but_the_bank_message(
    consumer: Consumer,
    mosquitto: Mosquitto,
    client: TestClient,
    counter_auth: dict[str, str],
    make_token,  # type: ignore[no-untyped-def]
) -> None:
    """Seed 004:1835: GIVEN a case whose fees come to NT$20,001 WHEN payment falls due THEN one payment (not
    split) is made, the staff slip data has no barcodes but the bank/ATM message, and a kiosk's case.query
    lists it under ``bank_only`` with no slip to print."""
    from wire import Channel
    from wire.payloads.cases import CaseQuery

    supervisor = {"Authorization": f"Bearer {make_token('wu.super', 'supervisor')}"}
    service = client.get("/api/v1/services/HR-HOUSEHOLD-BOOK").json()
    service["fees"] = [{"item": "戶口名簿工本費", "amount": 20_001}]
    assert (
        client.put("/api/v1/services/HR-HOUSEHOLD-BOOK", json=service, headers=supervisor).status_code == 200
    )
    created = counter_case(client, counter_auth, "HR-HOUSEHOLD-BOOK", "丙")
    no = created["case_no"]
    client.post(f"/api/v1/cases/{no}/milestones", json={"milestone": "payment_due"}, headers=counter_auth)
    (staff_slip,) = client.get(f"/api/v1/cases/{no}/slips", headers=counter_auth).json()
    assert staff_slip["amount"] == 20_001 and staff_slip["store"] is False and staff_slip["barcodes"] == []
    assert "ATM" in staff_slip["message"][0]
    client.post("/staff/login", data={"token": make_token("lin.counter", "counter")}, follow_redirects=False)
    page = client.get(f"/staff/cases/{no}")
    assert page.status_code == 200 and "請至金融機構或 ATM 繳納" in page.text
    agent = AgentDouble(mosquitto.port, "kiosk-tpe-004").start()
    try:
        topic = topics.topic_for(agent.site, agent.device, Channel.REQUEST, "case.query")
        agent.publish(topic, CaseQuery(case_no=no, password=created["query_password"]))
        wait_until(lambda: any(m.envelope.type == "case.query" for m in agent.received))
        reply = next(m for m in agent.received if m.envelope.type == "case.query").body.model_dump(
            mode="json"
        )
        assert reply["found"] is True and reply["slips"] == []
        assert [(b["amount"], b["payment_no"]) for b in reply["bank_only"]] == [
            (20_001, staff_slip["payment_no"])
        ]
    finally:
        agent.stop()


def test_kiosk_query_carries_the_staff_supplement_note(
    consumer: Consumer, mosquitto: Mosquitto, client: TestClient, counter_auth: dict[str, str]
) -> None:
    """Issue 18, defect 10: GIVEN staff asked for a supplement with a note WHEN a kiosk queries the case THEN
    the answer says it waits for the supplement and carries the note; once the case moves on, no note."""

    created = counter_case(client, counter_auth, "SW-PARKING-PERMIT", "丁")
    no, note = created["case_no"], "請補附戶長同意書正本一份"
    moved = client.post(
        f"/api/v1/cases/{no}/milestones", json={"milestone": "supplement", "note": note}, headers=counter_auth
    )
    assert moved.status_code == 200, moved.text
    agent = AgentDouble(mosquitto.port, "kiosk-tpe-005").start()
    try:

        def ask() -> dict[str, object]:
            return kiosk_query(agent, no, created["query_password"])

        waiting = ask()
        assert waiting["waiting_for_supplement"] is True and waiting["supplement_note"] == note
        client.post(f"/api/v1/cases/{no}/milestones", json={"milestone": "ready"}, headers=counter_auth)
        moved_on = ask()
        assert moved_on["waiting_for_supplement"] is False and moved_on["supplement_note"] is None
    finally:
        agent.stop()
