"""`onestop agent run` as a real process: SIGKILL with a full outbox, broker crash, and the last will."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from onestop.dev.waiting import wait_until
from onestop.processes import Mosquitto
from tests.edge_agent.conftest import agent_settings
from tests.edge_agent.fake_hub import FakeHub

pytestmark = [pytest.mark.mosquitto, pytest.mark.slow]
DEVICE = "kiosk-001"


class AgentProcess:
    """``python -m onestop.cli agent run --config FILE`` with its API URL read from its first line."""

    def __init__(self, config: Path, log: Path) -> None:
        self.config = config
        self.log = log
        self.proc: subprocess.Popen[str] | None = None
        self.url = ""

    def start(self) -> AgentProcess:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "onestop.cli", "agent", "run", "--config", str(self.config)],
            stdout=subprocess.PIPE,
            stderr=self.log.open("a"),
            text=True,
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        found = re.search(r"local API (http://\S+)", line)
        assert found, f"agent did not start: {line!r}; see {self.log}"
        self.url = found.group(1)
        return self

    def kill(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(5)

    def stop(self) -> int:
        if self.proc is None or self.proc.poll() is not None:
            return self.proc.returncode if self.proc else 0
        self.proc.terminate()
        return self.proc.wait(10)

    def call(self, path: str, body: Any = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(f"{self.url}{path}", data=data, method="POST" if data else "GET")
        req.add_header("Content-Type", "application/json")
        with urllib.request.urlopen(req, timeout=10) as resp:
            return json.loads(resp.read())

    def wait_status(self, check: Any, timeout: float = 15.0) -> dict[str, Any]:
        last: dict[str, Any] = {}

        def matches() -> bool:
            last.clear()
            last.update(self.call("/v1/status"))
            return bool(check(last))

        try:
            wait_until(matches, timeout, "the agent's /v1/status to match", step=0.05)
        except AssertionError as exc:
            raise AssertionError(f"{exc}; it last said {last}") from None
        return dict(last)


@pytest.fixture
def agent_proc(mosquitto: Mosquitto, tmp_path: Path) -> Iterator[AgentProcess]:
    config = tmp_path / "agent.yaml"
    config.write_text(yaml.safe_dump(agent_settings(mosquitto.url, tmp_path / "data", DEVICE, window=100)))
    proc = AgentProcess(config, tmp_path / "agent.log")
    yield proc
    proc.stop()


def test_sigkill_with_500_queued_then_restart_delivers_all_500(
    agent_proc: AgentProcess, mosquitto: Mosquitto
) -> None:
    """GIVEN an agent holding 500 unacknowledged events (the hub is away) WHEN it is SIGKILLed and
    restarted with the hub back THEN every one of the 500 ids reaches the hub and the outbox empties."""
    agent_proc.start()
    ids = [
        agent_proc.call("/v1/events/kiosk.visit", {"seconds": i, "outcome": "completed"})["id"]
        for i in range(500)
    ]
    assert len(set(ids)) == 500
    agent_proc.wait_status(lambda s: s["online"] and s["outbox"] == 500)
    agent_proc.kill()
    with FakeHub(mosquitto.url) as hub:
        assert hub.wait_for(lambda: hub.client.is_connected(), 5)
        agent_proc.start()
        assert hub.wait_for(lambda: set(ids) <= set(hub.events), 15), f"{len(set(ids) & set(hub.events))}/500"
        status = agent_proc.wait_status(lambda s: s["outbox"] == 0)
        assert status["session"] == 2
        assert set(hub.events) == set(ids)  # nothing else and nothing invented
        replayed = [m for m in hub.event_messages if m.envelope.session == 2]
        assert replayed and all(m.envelope.historical for m in replayed)
    assert agent_proc.stop() == 0


def test_last_will_arrives_when_the_agent_is_sigkilled(
    agent_proc: AgentProcess, mosquitto: Mosquitto
) -> None:
    with FakeHub(mosquitto.url) as hub:
        assert hub.wait_for(lambda: hub.client.is_connected(), 5)
        agent_proc.start()
        session = agent_proc.wait_status(lambda s: s["online"])["session"]
        assert hub.wait_for(lambda: any(s.envelope.type == "birth" for s in hub.states_of(DEVICE)))
        agent_proc.kill()
        assert hub.wait_for(lambda: any(s.envelope.type == "death" for s in hub.states_of(DEVICE)), 5)
        death = next(s for s in hub.states_of(DEVICE) if s.envelope.type == "death")
        assert death.envelope.session == session
        assert death.body.reason == "connection lost"  # type: ignore[attr-defined]


def test_broker_sigkill_agent_reconnects_with_higher_session_and_drains(
    agent_proc: AgentProcess, mosquitto: Mosquitto
) -> None:
    """GIVEN a connected agent WHEN the broker is SIGKILLed, events are made, and the broker comes back
    THEN the agent reconnects with a higher session, sends a new birth and the hub gets every event."""
    with FakeHub(mosquitto.url) as hub:
        assert hub.wait_for(lambda: hub.client.is_connected(), 5)
        agent_proc.start()
        first = agent_proc.wait_status(lambda s: s["online"])["session"]
        before = [
            agent_proc.call("/v1/events/kiosk.visit", {"seconds": i, "outcome": "completed"})["id"]
            for i in range(50)
        ]
        mosquitto.kill()
        agent_proc.wait_status(lambda s: not s["online"], 5)
        during = [
            agent_proc.call("/v1/events/kiosk.visit", {"seconds": i, "outcome": "abandoned"})["id"]
            for i in range(50)
        ]
        time.sleep(1.0)  # the point: the broker stays away a while (the agent keeps trying to reconnect)
        mosquitto.start()
        status = agent_proc.wait_status(lambda s: s["online"] and s["outbox"] == 0, 15)
        assert status["session"] > first
        assert hub.wait_for(lambda: set(before + during) <= set(hub.events), 5)
        births = [s.envelope.session for s in hub.states_of(DEVICE) if s.envelope.type == "birth"]
        assert births[-1] == status["session"]
        assert os.path.exists(agent_proc.log)
