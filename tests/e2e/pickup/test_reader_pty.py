"""The counter's 2D reader on a socat pty, a real edge agent, Mosquitto and the hub: a pick-up QR read at the
right counter shows the case and is handed over once; the same code read again says it was used; read at another
office's counter it names the office holding the document."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from edge_agent.agent import Agent
from edge_agent.config import config_from_mapping
from hub.core.config import load_settings
from hub.ingest.consumer import Consumer
from onestop.dev.ptys import PtyPair
from onestop.dev.waiting import wait_until
from onestop.processes import Mosquitto
from tests.edge_agent.conftest import agent_settings
from tests.hub.pickup.test_pickup import _closed_case, _code_from_mms, provider  # noqa: F401  (shared steps)

pytestmark = pytest.mark.mosquitto


@pytest.fixture
def consumer(mosquitto: Mosquitto, db_url: str, sessions: sessionmaker[Session]) -> Iterator[Consumer]:
    settings = load_settings(db_url=db_url, broker_url=mosquitto.url, instance_id=f"t-{uuid.uuid4().hex[:8]}")
    hub = Consumer(settings, sessions).start()
    assert hub.wait_subscribed(10)
    yield hub
    hub.stop()


@pytest.fixture
def counter_reader(mosquitto: Mosquitto, tmp_path: Path, consumer: Consumer) -> Iterator[tuple[Any, Agent]]:
    """A counter agent at 桃園市戶政事務所 whose 2D reader is the host side of a pty; the test types on the other."""
    pty = PtyPair(tmp_path / "tty", "barcode").start()
    settings = agent_settings(mosquitto.url, tmp_path / "agent", device="counter-ty-01",
                              components={"barcode": {"serial": {"port": str(pty.host)}, "office": "HR-TAOYUAN"}})  # fmt: skip
    agent = Agent(config_from_mapping({**settings, "kind": "counter"}))
    agent.add_configured_components()
    agent.start()
    try:
        yield pty, agent
    finally:
        agent.stop()
        pty.stop()


def test_reader_on_a_pty_shows_the_case_and_hands_over_once(
    client: TestClient,
    counter_auth: dict[str, str],
    sessions: sessionmaker[Session],
    provider: Any,  # noqa: F811
    counter_reader: tuple[Any, Agent],
) -> None:
    pty, agent = counter_reader
    case = _closed_case(client, counter_auth)
    client.post("/api/v1/pickup/choose", json={"case_no": case["case_no"], "password": case["query_password"],
                                               "office": "HR-TAOYUAN"})  # fmt: skip
    scanned = _code_from_mms(sessions, provider, "桃園市戶政事務所")
    reader_component = next(c for c in agent.components if c.name == "barcode")
    wait_until(lambda: reader_component.device_health.state.value == "ok", 15, "the reader healthy")

    def reads() -> list[dict[str, Any]]:
        return client.get(
            "/api/v1/pickup/reads", params={"office": "HR-TAOYUAN"}, headers=counter_auth
        ).json()

    with open(pty.device, "wb", buffering=0) as reader:  # the reader sends each decoded code and a CR
        reader.write(scanned.encode() + b"\r")
        (first,) = wait_until(reads, 15, "the first card read")
        assert first["verdict"] == "ok" and first["case_no"] == case["case_no"] and first["name"] == "林小美"
        assert first["device"] == "counter-ty-01"
        handed = client.post(f"/api/v1/pickup/reads/{first['id']}/handover", headers=counter_auth)
        assert handed.status_code == 200
        again = client.post(f"/api/v1/pickup/reads/{first['id']}/handover", headers=counter_auth)
        assert again.status_code == 409
        reader.write(scanned.encode() + b"\r\n")
        second = wait_until(
            lambda: [r for r in reads() if r["id"] != first["id"]], 15, "the second card read"
        )[0]
        assert second["verdict"] == "used" and second["name"] is None
