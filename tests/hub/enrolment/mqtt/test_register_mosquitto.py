"""Kiosk registration over real Mosquitto with the real handler: the child's ID only ever in a request body.

Light identification for a general resident, the parent's card session for a claimed status, refusals as
``request.error`` with a reason a parent reads; then the run's topics, every other payload, the hub's log
records and every database table are scanned for the full ID.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import paho.mqtt.client as mqtt
import pytest
from paho.mqtt.enums import CallbackAPIVersion
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from hub.auth.national_id import LETTER_VALUES, WEIGHTS
from hub.auth.store import SqlSessions
from hub.auth.verify import CardIdentity
from hub.core.config import load_settings
from hub.db.base import Base
from hub.enrolment.models import EnrolKindergarten, EnrolRegistration
from hub.enrolment.mqtt import register
from hub.enrolment.rules.dates import TAIPEI
from hub.ingest.consumer import Consumer
from hub.ingest.handlers import request_handler
from onestop.dev.waiting import wait_until
from onestop.processes import Mosquitto
from tests.hub.agent_double import AgentDouble
from wire import Channel, Decoded, topics
from wire.payloads.enrolment import RegisterRequest

pytestmark = pytest.mark.mosquitto
DEVICE = "kiosk-kg-001"


def valid_id(first9: str) -> str:
    """Complete a national ID (letter + 8 digits) with its check digit."""
    value = LETTER_VALUES[first9[0]]
    digits = [value // 10, value % 10] + [int(c) for c in first9[1:]]
    total = sum(d * w for d, w in zip(digits, WEIGHTS[:-1], strict=True))
    return first9 + str((10 - total % 10) % 10)


@pytest.fixture
def consumer(
    mosquitto: Mosquitto, db_url: str, sessions: sessionmaker[Session], caplog: pytest.LogCaptureFixture
) -> Iterator[Consumer]:
    caplog.set_level(logging.DEBUG)  # every hub log line of the run, debug included, is scanned
    with sessions() as s, s.begin():
        s.add(EnrolKindergarten(code="TUNIU", name_zh="土牛國小附幼", name_en="Tuniu Kindergarten",
                                two_year_classes=0, mixed_classes=1))  # fmt: skip
    settings = load_settings(db_url=db_url, broker_url=mosquitto.url, instance_id=f"t-{uuid.uuid4().hex[:8]}")
    hub = Consumer(settings, sessions).start()
    assert hub.wait_subscribed(10)
    yield hub
    hub.stop()


class Sniffer:
    """Every topic and payload that crosses the broker during the test."""

    MARK = "test/sniffer/mark"

    def __init__(self, port: int) -> None:
        self.seen: list[tuple[str, bytes]] = []
        self.subscribed = threading.Event()
        self.marks: set[bytes] = set()
        self.client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id="sniffer")
        self.client.on_connect = lambda c, *_: c.subscribe("#", 1)
        self.client.on_subscribe = lambda *_: self.subscribed.set()
        self.client.on_message = self._seen
        self.client.connect("127.0.0.1", port)
        self.client.loop_start()
        assert self.subscribed.wait(10), "the sniffer's subscription was not granted"

    def _seen(self, _c: Any, _u: Any, m: mqtt.MQTTMessage) -> None:
        if m.topic == self.MARK:
            self.marks.add(bytes(m.payload))
        else:
            self.seen.append((m.topic, bytes(m.payload)))

    def catch_up(self) -> None:
        """Everything the broker routed before now has reached the sniffer: Mosquitto routes in order, so
        once a mark published now comes back, every earlier message to '#' is already in ``seen``."""
        mark = uuid.uuid4().bytes
        self.client.publish(self.MARK, mark, qos=1)
        wait_until(lambda: mark in self.marks, 10, "the sniffer's mark")

    def stop(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()


def _ask(agent: AgentDouble, body: RegisterRequest) -> Decoded:
    msg_id = agent.publish(topics.topic_for(agent.site, agent.device, Channel.REQUEST, body.TYPE), body)

    def answer() -> Decoded | None:
        return next(
            (
                m
                for m in agent.received
                if m.address.channel is Channel.RESPONSE and m.envelope.corr == msg_id
            ),
            None,
        )

    return wait_until(answer, 10, f"the hub's answer to {body.TYPE}", step=0.02)


def _card_session(sessions: sessionmaker[Session], device: str) -> str:
    identity = CardIdentity("王大明", "6789", "ab" * 32, "MOICA test")
    with sessions() as s, s.begin():
        return SqlSessions(s, 180).open(device, identity).token


def _dump(sessions: sessionmaker[Session]) -> str:
    out: list[str] = []
    with sessions() as s:
        for table in Base.metadata.sorted_tables:
            out += [repr(tuple(row)) for row in s.execute(select(table))]
    return "\n".join(out)


def test_kiosk_registration_keeps_the_id_out_of_topics_logs_answers_and_tables(
    consumer: Consumer,
    mosquitto: Mosquitto,
    sessions: sessionmaker[Session],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """GIVEN the hub consuming from a real broker and a kiosk during phase-1 registration WHEN parents register
    (light identification, card session, refusals) THEN each gets the number and masked ID or a readable
    reason, and the full IDs appear in no topic, no answer, no hub log record and no table."""
    assert request_handler("enrolment.register") is register.register
    monkeypatch.setattr(register, "CLOCK", [lambda: datetime(2023, 4, 1, 12, tzinfo=TAIPEI)])
    caplog.set_level(logging.DEBUG)
    first, second, third, fourth = (valid_id(f"A1{n:07d}") for n in (2345678, 1111111, 2222222, 3333333))
    sniffer = Sniffer(mosquitto.port)
    agent = AgentDouble(mosquitto.port, DEVICE).start()
    base: dict[str, Any] = {"kindergarten": "TUNIU", "birth": "107-01-10", "resident_since": "2019-01-01"}
    try:
        ok = _ask(agent, RegisterRequest(national_id=first.lower(), **base))
        assert ok.envelope.type == "enrolment.register", ok.body
        assert ok.body.child == "******" + first[-4:] and ok.body.identified == "light"
        assert ok.body.birth == "107-01-10 (2018-01-10)" and ok.body.age == 5 and ok.body.phase == 1
        number = ok.body.number

        again = _ask(agent, RegisterRequest(national_id=first, **base))
        assert again.envelope.type == "request.error" and again.body.code == "duplicate_registration"
        assert "Tuniu" not in again.body.message and number not in again.body.message  # not another's details

        no_card = _ask(agent, RegisterRequest(national_id=second, category="na_low_income", **base))
        assert (no_card.body.code, "自然人憑證" in no_card.body.message) == ("card_required", True)

        token = _card_session(sessions, DEVICE)
        carded = _ask(agent, RegisterRequest(national_id=second, category="na_low_income",
                                             citizen_session=token, **base))  # fmt: skip
        assert carded.envelope.type == "enrolment.register" and carded.body.identified == "card"

        elsewhere = _card_session(sessions, "kiosk-kg-999")
        stolen = _ask(agent, RegisterRequest(national_id=third, category="na_low_income",
                                             citizen_session=elsewhere, **base))  # fmt: skip
        assert stolen.body.code == "card_session_invalid"

        on_site = _ask(agent, RegisterRequest(national_id=third, category="p1_social_referral",
                                              citizen_session=token, **base))  # fmt: skip
        assert on_site.body.code == "on_site_only" and "on site" in on_site.body.message

        bad_digit = first[:-1] + str((int(first[-1]) + 1) % 10)
        wrong = _ask(agent, RegisterRequest(national_id=bad_digit, **base))
        assert wrong.body.code == "invalid_id" and bad_digit not in wrong.body.message

        too_old = _ask(agent, RegisterRequest(national_id=fourth, **{**base, "birth": "2017-09-01"}))
        assert too_old.body.code == "outside_age_brackets"
        sniffer.catch_up()  # the last answers seen too
    finally:
        agent.stop()
        sniffer.stop()

    with sessions() as s:
        stored = s.scalars(select(EnrolRegistration).order_by(EnrolRegistration.number)).all()
        assert [r.number for r in stored] == [number, carded.body.number]
    secrets = [first, second, third, fourth, bad_digit]
    requests = {t for t, _ in sniffer.seen if topics.parse(t).channel is Channel.REQUEST}
    assert len(requests) == 1 and len(sniffer.seen) > 16  # the run was really seen on the broker
    assert any(first in p.decode().upper() for t, p in sniffer.seen if t in requests)  # the scan can see IDs
    for topic, payload in sniffer.seen:
        text = payload.decode(errors="replace").upper()
        for secret in secrets:
            assert secret not in topic.upper()
            if topics.parse(topic).channel is not Channel.REQUEST:
                assert secret not in text, f"full ID in a message on {topic}"
    records = caplog.get_records("setup") + caplog.records
    log_text = "\n".join(f"{r.getMessage()} {r.exc_text or ''}" for r in records).upper()
    assert sum(1 for r in records if r.name == register.log.name) == 8  # every request left a (clean) line
    assert all(secret not in log_text for secret in secrets)
    tables = _dump(sessions).upper()
    assert all(secret not in tables for secret in secrets)
    assert "dead_letters" in {t.name for t in Base.metadata.sorted_tables}


def _post(url: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    import json
    import urllib.error
    import urllib.request

    req = urllib.request.Request(url, json.dumps(body).encode(), {"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=15) as resp:
            return resp.status, json.load(resp)
    except urllib.error.HTTPError as err:
        return err.code, json.load(err)


def test_through_the_real_agent_the_id_stays_off_its_disk_and_logs(
    consumer: Consumer,
    mosquitto: Mosquitto,
    sessions: sessionmaker[Session],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    tmp_path: Path,
) -> None:
    """GIVEN a real edge agent in front of the hub WHEN the kiosk POSTs /v1/hub/enrolment.register THEN it gets
    the number and masked ID (200) or the refusal (422 with the hub's code and reason), and neither the agent's
    data directory, nor any log record, nor any message other than the request holds the full ID."""
    from edge_agent.agent import Agent
    from edge_agent.config import config_from_mapping
    from tests.edge_agent.conftest import agent_settings

    monkeypatch.setattr(register, "CLOCK", [lambda: datetime(2023, 4, 1, 12, tzinfo=TAIPEI)])
    child = valid_id("F22222222")
    sniffer = Sniffer(mosquitto.port)
    agent = Agent(config_from_mapping(agent_settings(mosquitto.url, tmp_path / "agent", device=DEVICE)))
    agent.start()
    try:
        wait_until(lambda: agent.session.online, 10, "the agent online", step=0.02)
        url = f"{agent.api.url}/v1/hub/enrolment.register"
        body = {
            "kindergarten": "TUNIU",
            "national_id": child,
            "birth": "2018-01-10",
            "resident_since": "2019-01-01",
        }
        status, made = _post(url, body)
        assert status == 200 and made["child"] == "******" + child[-4:] and made["number"].startswith("1121")
        status, refused = _post(url, body)
        assert status == 422 and refused["error"] == "duplicate_registration", refused
        assert made["number"] not in refused["message"]  # a refusal never names another registration
        sniffer.catch_up()
    finally:
        agent.stop()
        sniffer.stop()
    on_disk = b"".join(p.read_bytes() for p in (tmp_path / "agent").rglob("*") if p.is_file())
    assert child.encode() not in on_disk.upper()
    records = caplog.get_records("setup") + caplog.records
    assert child not in "\n".join(f"{r.getMessage()} {r.exc_text or ''}" for r in records).upper()
    for topic, payload in sniffer.seen:
        assert child not in topic.upper()
        if topics.parse(topic).channel is not Channel.REQUEST:
            assert child not in payload.decode(errors="replace").upper()
    assert child not in _dump(sessions).upper()
