"""The consumer against a real Mosquitto and both databases: acks after commit, dead letters, state, requests."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator

import paho.mqtt.client as mqtt
import pytest
from paho.mqtt.enums import CallbackAPIVersion
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from hub.core.config import load_settings
from hub.devices.models import Command, DeadLetter, Device, Event, SeqGap
from hub.ingest.consumer import Consumer
from onestop.dev.waiting import wait_until
from onestop.processes import Mosquitto
from tests.hub.agent_double import AgentDouble
from tests.hub.hostile import HOSTILE
from wire import Channel, Payload, encode, make_envelope, payload, topics
from wire.payloads.device import CommandAck, Death, Rebirth
from wire.payloads.requests import TimeRequest


@payload(Channel.REQUEST, "test.unanswered")
class Unanswered(Payload):
    """A request type the wire knows but no hub feature answers."""


@pytest.fixture
def consumer(mosquitto: Mosquitto, db_url: str, sessions: sessionmaker[Session]) -> Iterator[Consumer]:
    settings = load_settings(db_url=db_url, broker_url=mosquitto.url, instance_id=f"t-{uuid.uuid4().hex[:8]}")
    hub = Consumer(settings, sessions).start()
    assert hub.wait_subscribed(10)
    yield hub
    hub.stop()


def scalar(sessions: sessionmaker[Session], query):  # type: ignore[no-untyped-def]
    with sessions() as session:
        return session.scalar(query)


def test_hostile_messages_are_dead_lettered_and_the_hub_keeps_storing(
    consumer: Consumer, mosquitto: Mosquitto, sessions: sessionmaker[Session]
) -> None:
    """GIVEN a running hub WHEN 24 malformed/hostile messages arrive THEN each is a dead letter with its
    reason, AND events published afterwards are still stored and acknowledged."""
    attacker = mqtt.Client(CallbackAPIVersion.VERSION2, client_id="attacker")
    attacker.connect("127.0.0.1", mosquitto.port)
    attacker.loop_start()
    for _name, topic, data, _reason in HOSTILE:
        attacker.publish(topic, data, qos=1).wait_for_publish(5)
    attacker.disconnect()
    attacker.loop_stop()
    wait_until(lambda: scalar(sessions, select(func.count()).select_from(DeadLetter)) == len(HOSTILE))
    with sessions() as session:
        reasons = sorted(session.scalars(select(DeadLetter.reason)))
    assert reasons == sorted(reason for *_, reason in HOSTILE)
    agent = AgentDouble(mosquitto.port, "k7").start()
    agent.emit(20)
    assert agent.drain(15), f"{len(agent.pending)} events never acknowledged"
    assert scalar(sessions, select(func.count()).select_from(Event)) == 20
    agent.stop()


def test_every_event_is_stored_once_then_acknowledged(
    consumer: Consumer, mosquitto: Mosquitto, sessions: sessionmaker[Session]
) -> None:
    agents = [AgentDouble(mosquitto.port, f"k{i}").start() for i in range(3)]
    for agent in agents:
        agent.emit(200)
    for agent in agents:
        assert agent.drain(20)
    # an agent that lost the acks re-sends 50 events: acknowledged again, stored once
    agents[0].pending = dict.fromkeys(agents[0].sent[:50], _visit())
    agents[0].resend_pending()
    assert agents[0].drain(10, resend_after=60)
    assert scalar(sessions, select(func.count()).select_from(Event)) == 600
    assert consumer.stats.duplicates >= 50
    assert {a.device: len(a.acked) for a in agents} == {"k0": 200, "k1": 200, "k2": 200}
    for agent in agents:
        agent.stop()


def _visit() -> Payload:
    from wire.payloads.visits import KioskVisit

    return KioskVisit(seconds=1, outcome="completed")


def test_death_offline_new_birth_online_with_higher_session_and_a_gap(
    consumer: Consumer, mosquitto: Mosquitto, sessions: sessionmaker[Session]
) -> None:
    agent = AgentDouble(mosquitto.port, "k1").start()
    wait_until(lambda: scalar(sessions, select(Device.online).where(Device.id == "k1")) is True)
    goodbye = make_envelope(Death(reason="shutting down"), device="k1", session=agent.session, seq=0)
    agent.client.publish(topics.state("s1", "k1"), encode(goodbye), qos=1, retain=True)
    wait_until(lambda: scalar(sessions, select(Device.online).where(Device.id == "k1")) is False)
    agent.stop()

    agent._next_session()  # reconnect: session 2, birth, then events with a jump in seq
    agent.connected.clear()
    agent.client.reconnect()
    agent.client.loop_start()
    assert agent.connected.wait(10)
    agent.emit(2)
    agent._seq += 3  # three publishes lost
    agent.emit(1)
    assert agent.drain(10, resend_after=60)
    with sessions() as session:
        state = session.get(Device, "k1")
        assert state is not None and state.online and state.session == 2
        gaps = session.execute(
            select(SeqGap.first_seq, SeqGap.last_seq).where(SeqGap.device == "k1", SeqGap.session == 2)
        ).all()
    assert [tuple(g) for g in gaps] == [(3, 5)]
    agent.stop()


def test_requests_commands_and_command_acks(
    consumer: Consumer, mosquitto: Mosquitto, sessions: sessionmaker[Session]
) -> None:
    agent = AgentDouble(mosquitto.port, "k3").start()
    asked = agent.publish(topics.topic_for("s1", "k3", Channel.REQUEST, "hub.time"), TimeRequest())
    unanswered = agent.publish(topics.topic_for("s1", "k3", Channel.REQUEST, "test.unanswered"), Unanswered())
    wait_until(lambda: sum(1 for m in agent.received if m.address.channel is Channel.RESPONSE) == 2)
    answers = {m.envelope.corr: m for m in agent.received if m.address.channel is Channel.RESPONSE}
    assert (
        answers[asked].envelope.type == "hub.time"
        and abs(answers[asked].body.now - time.time() * 1000) < 5000
    )
    assert answers[unanswered].envelope.type == "request.error"
    assert answers[unanswered].body.code == "no_handler"
    assert scalar(sessions, select(DeadLetter.reason)) == "no_handler"

    command_id = consumer.link.send_command("s1", "k3", Rebirth())
    wait_until(lambda: any(m.address.channel is Channel.COMMAND for m in agent.received))
    cmd = next(m for m in agent.received if m.address.channel is Channel.COMMAND)
    assert cmd.envelope.id == command_id and cmd.envelope.type == "rebirth"
    done = CommandAck(command="rebirth", status="done")
    env = make_envelope(done, device="k3", session=agent.session, seq=agent.next_seq(), corr=command_id)
    agent.client.publish(topics.topic_for("s1", "k3", Channel.COMMAND_ACK), encode(env), qos=1)
    wait_until(lambda: scalar(sessions, select(Command.status).where(Command.id == command_id)) == "done")
    agent.stop()


def test_hub_resubscribes_after_the_broker_restarts_without_persistence(
    consumer: Consumer, mosquitto: Mosquitto, sessions: sessionmaker[Session]
) -> None:
    mosquitto.kill()
    wait_until(lambda: not consumer.connected, timeout=15, what="the hub to notice the broker died")
    mosquitto.start()
    assert consumer.wait_subscribed(15), "the hub did not subscribe again after the broker came back"
    agent = AgentDouble(mosquitto.port, "k5").start()
    agent.emit(10)
    assert agent.drain(15), "the hub did not subscribe again after the broker forgot its session"
    assert scalar(sessions, select(func.count()).select_from(Event)) == 10
    agent.stop()


def test_mqtt5_session_stores_and_acknowledges(
    mosquitto: Mosquitto, db_url: str, sessions: sessionmaker[Session]
) -> None:
    """The protocol level is selectable; MQTT 5 keeps the session with clean_start off and an expiry."""
    settings = load_settings(db_url=db_url, broker_url=mosquitto.url, instance_id="t-v5", mqtt_protocol="5")
    hub = Consumer(settings, sessions).start()
    try:
        assert hub.wait_subscribed(10)
        agent = AgentDouble(mosquitto.port, "k8").start()
        agent.emit(30)
        assert agent.drain(10)
        agent.stop()
    finally:
        hub.stop()
    assert scalar(sessions, select(func.count()).select_from(Event)) == 30
