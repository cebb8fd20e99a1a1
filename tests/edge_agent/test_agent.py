"""The Agent against a real private Mosquitto and a FakeHub: events, commands, requests, health, alarms."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from edge_agent.agent import Agent, HubRefused, HubUnavailable
from edge_agent.config import AgentConfig, config_from_mapping
from edge_agent.routes import ApiRequest, Route
from onestop.dev.waiting import wait_until
from onestop.processes import Mosquitto
from tests.edge_agent.conftest import agent_settings
from tests.edge_agent.fake_hub import FakeHub
from wire import ComponentState
from wire.enums import CommandStatus
from wire.payloads.device import Alarm, CommandAck, ComponentHealth, Health, Rebirth
from wire.payloads.ratings import KeypadBuzzer, RatingButton, RatingPressed
from wire.payloads.requests import RequestError, TimeRequest, TimeResponse
from wire.payloads.visits import KioskVisit

pytestmark = pytest.mark.mosquitto


class FakePrinter:
    """A test component whose health the test sets, and which can be made to hang or fail."""

    name = "printer"

    def __init__(self) -> None:
        self.state = ComponentHealth(state=ComponentState.OK)
        self.hang = threading.Event()
        self.started = False

    def start(self, agent: Agent) -> None:
        self.agent = agent
        self.started = True

    def stop(self) -> None:
        self.hang.clear()

    def health(self) -> ComponentHealth:
        if self.hang.is_set():
            time.sleep(30)
        return self.state

    def routes(self) -> Sequence[Route]:
        return [Route("GET", "/v1/printer/paper", lambda req: {"paper": "ok"})]


class BrokenScanner:
    name = "scanner"

    def start(self, agent: Agent) -> None:
        raise OSError("scanner not found on USB")

    def stop(self) -> None:
        pass

    def health(self) -> ComponentHealth:
        return ComponentHealth(state=ComponentState.OK)

    def routes(self) -> Sequence[Route]:
        return []


@pytest.fixture
def agent(agent_config: AgentConfig) -> Iterator[Agent]:
    agent = Agent(agent_config)
    yield agent
    agent.stop()


def online(agent: Agent, timeout: float = 5.0) -> bool:
    return wait_until(lambda: agent.session.online, timeout, "the agent online")


def commands_ready(agent: Agent) -> bool:
    """Online and the broker granted the command and response subscriptions (SUBACK), so a send now arrives."""
    return wait_until(lambda: agent.session.commands_ready, 5, "the agent's subscriptions granted")


def test_emitted_events_reach_the_hub_and_leave_the_outbox(agent: Agent, fake_hub: FakeHub) -> None:
    agent.start(api=False)
    assert online(agent)
    ids = [agent.emit(KioskVisit(seconds=i, outcome="completed")) for i in range(20)]
    assert fake_hub.wait_for(lambda: set(ids) <= set(fake_hub.events))
    wait_until(lambda: agent.outbox.depth() == 0, 5, "the outbox drained")
    live = [m for m in fake_hub.event_messages if m.envelope.id in ids]
    assert not any(m.envelope.historical for m in live)
    births = [s for s in fake_hub.states_of("kiosk-001") if s.envelope.type == "birth"]
    assert births[0].envelope.session == 1 and births[0].envelope.seq == 0
    seqs = [m.envelope.seq for m in live]
    assert seqs == sorted(seqs) and seqs[0] >= 1


def test_events_queued_offline_are_sent_later_marked_historical(
    agent_config: AgentConfig, mosquitto: Mosquitto
) -> None:
    """GIVEN events emitted while the broker is down WHEN it comes back THEN they arrive, historical, in order."""
    mosquitto.kill()
    agent = Agent(agent_config)
    try:
        agent.start(api=False)
        ids = [agent.emit(KioskVisit(seconds=i, outcome="abandoned")) for i in range(5)]
        assert agent.outbox.depth() == 5
        mosquitto.start()
        with FakeHub(mosquitto.url) as hub:
            assert hub.wait_for(lambda: set(ids) <= set(hub.events), 10)
            got = [m for m in hub.event_messages if m.envelope.id in ids]
            assert [m.envelope.id for m in got][:5] == ids
            assert all(m.envelope.historical for m in got)
    finally:
        agent.stop()


def test_bad_event_is_refused_and_queues_nothing(agent: Agent) -> None:
    with pytest.raises(ValueError, match="not an event"):
        agent.emit(Health(components={}))
    assert agent.outbox.depth() == 0


def test_commands_get_cmdacks(agent: Agent, fake_hub: FakeHub) -> None:
    buzzed = []
    agent.on_command("keypad.buzzer", lambda body: buzzed.append(body) or "buzzed")
    agent.start(api=False)
    assert commands_ready(agent)
    ok_id = fake_hub.send("test-site", "kiosk-001", KeypadBuzzer(counter="c1", pattern="beep"))
    rebirth_id = fake_hub.send("test-site", "kiosk-001", Rebirth())

    def acks() -> dict[str, CommandAck]:
        return {m.envelope.corr: m.body for m in fake_hub.other if isinstance(m.body, CommandAck)}  # type: ignore[misc]

    assert fake_hub.wait_for(lambda: {ok_id, rebirth_id} <= set(acks()))
    assert acks()[ok_id].status is CommandStatus.DONE and acks()[ok_id].detail == "buzzed"
    assert acks()[rebirth_id].status is CommandStatus.DONE
    assert len(buzzed) == 1
    births = [s for s in fake_hub.states_of("kiosk-001") if s.envelope.type == "birth"]
    assert len(births) == 2 and {b.envelope.session for b in births} == {1}


def test_unhandled_and_failing_commands_are_reported(agent: Agent, fake_hub: FakeHub) -> None:
    def jammed(_body: object) -> str:
        raise RuntimeError("printer jammed")

    agent.on_command("keypad.buzzer", jammed)
    agent.start(api=False)
    assert commands_ready(agent)
    from wire.payloads.ratings import KeypadLed

    failed = fake_hub.send("test-site", "kiosk-001", KeypadBuzzer(counter="c1", pattern="beep"))
    rejected = fake_hub.send("test-site", "kiosk-001", KeypadLed(counter="c1", color="red", mode="blink"))
    assert fake_hub.wait_for(lambda: len([m for m in fake_hub.other if isinstance(m.body, CommandAck)]) == 2)
    acks = {m.envelope.corr: m.body for m in fake_hub.other if isinstance(m.body, CommandAck)}
    assert acks[failed].status is CommandStatus.FAILED and "jammed" in acks[failed].detail  # type: ignore[attr-defined]
    assert acks[rejected].status is CommandStatus.REJECTED  # type: ignore[attr-defined]


def test_request_gets_the_hubs_answer_or_a_clear_refusal(agent: Agent, fake_hub: FakeHub) -> None:
    fake_hub.responders["hub.time"] = lambda _d: TimeResponse(now=1_700_000_000_000)
    agent.start(api=False)
    assert commands_ready(agent)
    assert agent.request(TimeRequest(), timeout=3) == TimeResponse(now=1_700_000_000_000)
    fake_hub.responders["hub.time"] = lambda _d: RequestError(
        request="hub.time", code="busy", message="try later"
    )
    with pytest.raises(HubRefused) as refused:
        agent.request(TimeRequest(), timeout=3)
    assert refused.value.code == "busy"


def test_request_without_hub_says_what_to_do(agent: Agent, fake_hub: FakeHub, mosquitto: Mosquitto) -> None:
    agent.start(api=False)
    assert online(agent)
    started = time.monotonic()
    with pytest.raises(HubUnavailable, match="try again in a few minutes") as err:
        agent.request(TimeRequest(), timeout=0.5)  # the FakeHub has no responder: nobody answers
    assert "within 0.5 s" in err.value.detail
    mosquitto.kill()
    wait_until(lambda: not agent.session.online, 5, "the agent offline")
    with pytest.raises(HubUnavailable, match="not connected"):
        agent.request(TimeRequest(), timeout=5)
    assert time.monotonic() - started < 5


def _alarms(hub: FakeHub) -> list[Alarm]:
    return [m.body for m in hub.event_messages if isinstance(m.body, Alarm)]  # type: ignore[misc]


def test_health_changes_become_telemetry_and_alarms(agent: Agent, fake_hub: FakeHub) -> None:
    """GIVEN a printer that runs out of paper, a scanner that fails to start, and later a printer that hangs
    THEN alarms are raised and cleared, tele/health follows, and nothing blocks the other components."""
    printer = FakePrinter()
    agent.add_component(printer)
    agent.add_component(BrokenScanner())
    agent.start(api=False)
    assert printer.started
    assert fake_hub.wait_for(lambda: any(a.component == "scanner" and a.active for a in _alarms(fake_hub)))
    printer.state = ComponentHealth(state=ComponentState.ERROR, reason="out of paper")
    agent.health_changed()
    assert fake_hub.wait_for(lambda: any(a.component == "printer" and a.active for a in _alarms(fake_hub)))
    printer.state = ComponentHealth(state=ComponentState.OK)
    agent.health_changed()
    assert fake_hub.wait_for(
        lambda: any(a.component == "printer" and not a.active for a in _alarms(fake_hub))
    )
    printer.hang.set()
    agent.health_changed()
    assert fake_hub.wait_for(
        lambda: agent.status()["components"]["printer"]["reason"] == "printer is not answering", 8
    )
    healths = [m.body for m in fake_hub.other if isinstance(m.body, Health)]
    assert healths and healths[-1].components["scanner"].state is ComponentState.ERROR  # type: ignore[attr-defined]
    assert "scanner not found" in agent.status()["components"]["scanner"]["reason"]
    printer.hang.clear()


def test_component_rules(agent: Agent) -> None:
    class Misnamed(FakePrinter):
        name = "Printer!"

    class Stray(FakePrinter):
        name = "card"

    with pytest.raises(ValueError, match="lower-case word"):
        agent.add_component(Misnamed())
    with pytest.raises(ValueError, match="must be under /v1/card/"):
        agent.add_component(Stray())
    agent.add_component(FakePrinter())
    with pytest.raises(ValueError, match="already added"):
        agent.add_component(FakePrinter())
    assert [r.handler(ApiRequest("GET", "/v1/printer/paper")) for r in agent.routes()] == [{"paper": "ok"}]


def test_clean_stop_leaves_a_retained_death_for_the_session(
    agent_config: AgentConfig, fake_hub: FakeHub
) -> None:
    agent = Agent(agent_config)
    agent.start(api=False)
    assert online(agent)
    session = agent.session.session
    agent.stop()
    assert fake_hub.wait_for(lambda: any(s.envelope.type == "death" for s in fake_hub.states_of("kiosk-001")))
    death = next(s for s in fake_hub.states_of("kiosk-001") if s.envelope.type == "death")
    assert death.envelope.session == session and death.body.reason == "shutdown"  # type: ignore[attr-defined]


def test_mqtt_5_is_selectable(mosquitto: Mosquitto, fake_hub: FakeHub, tmp_path: Path) -> None:
    config = config_from_mapping(
        agent_settings(mosquitto.url, tmp_path / "v5", broker={"url": mosquitto.url, "protocol": "5"})
    )
    agent = Agent(config)
    try:
        agent.start(api=False)
        assert online(agent)
        msg_id = agent.emit(KioskVisit(seconds=5, outcome="completed"))
        assert fake_hub.wait_for(lambda: msg_id in fake_hub.events)
    finally:
        agent.stop()


def _press(counter: str = "c1") -> RatingPressed:
    return RatingPressed(
        counter=counter, button=RatingButton.VERY_DISSATISFIED, pressed_at=int(time.time() * 1000)
    )


def test_an_urgent_event_leaves_before_its_outbox_write_and_is_forgotten_after_it(
    agent: Agent, fake_hub: FakeHub
) -> None:
    """Issue 19 (alarm latency): a rating press goes to the broker while its outbox write syncs. GIVEN the
    write held until the hub has the press and its ack came back WHEN the write then returns THEN the
    press was sent once, and leaves the outbox only now, after it is on disk."""
    agent.start(api=False)
    assert online(agent)
    write = agent.outbox.add

    def held_write(body, *, msg_id=None, ts=None):  # type: ignore[no-untyped-def]
        assert fake_hub.wait_for(lambda: fake_hub.events[msg_id] == 1), "the press waited for its fsync"
        assert wait_until(lambda: agent.session.inflight == 0, 5, "the hub's ack")
        return write(body, msg_id=msg_id, ts=ts)

    agent.outbox.add = held_write  # type: ignore[method-assign]
    press_id = agent.emit(_press())
    assert agent.outbox.depth() in (0, 1)  # on disk when emit returned; forgotten once the ack is applied
    wait_until(lambda: agent.outbox.depth() == 0, 5, "the acked press leaving the outbox")
    agent.outbox.add = write  # type: ignore[method-assign]
    visit_id = agent.emit(KioskVisit(seconds=1, outcome="completed"))  # not urgent: after its write
    assert fake_hub.wait_for(lambda: fake_hub.events[visit_id] == 1)
    assert fake_hub.events[press_id] == 1 and agent.session.sent_early == 1


def test_an_urgent_event_stays_in_the_outbox_until_the_hub_acks_it(agent: Agent, fake_hub: FakeHub) -> None:
    fake_hub.acking = False
    agent.start(api=False)
    assert online(agent)
    press_id = agent.emit(_press())
    assert agent.outbox.depth() == 1  # durable before emit returned, like every event
    assert fake_hub.wait_for(lambda: fake_hub.events[press_id] >= 1)
    assert [e.id for e in agent.outbox.peek()] == [press_id]
    fake_hub.acking = True
    assert fake_hub.wait_for(lambda: fake_hub.events[press_id] >= 2, 10)  # re-sent when its ack was overdue
    wait_until(lambda: agent.outbox.depth() == 0, 10, "the press leaving the outbox after the ack")
