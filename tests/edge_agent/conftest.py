"""Fixtures for agent tests: a FakeHub on the private broker and an agent config on free ports."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from edge_agent.config import AgentConfig, config_from_mapping
from onestop.processes import Mosquitto
from tests.edge_agent.fake_hub import FakeHub


@pytest.fixture
def fake_hub(mosquitto: Mosquitto) -> Iterator[FakeHub]:
    """A stand-in for the hub at the MQTT seam that acks every event it receives."""
    hub = FakeHub(mosquitto.url)
    assert hub.wait_for(lambda: hub.client.is_connected(), 5)
    try:
        yield hub
    finally:
        hub.close()


def agent_settings(
    broker_url: str, data_dir: Path, device: str = "kiosk-001", **extra: object
) -> dict[str, object]:
    return {
        "device_id": device,
        "site": "test-site",
        "kind": "kiosk",
        "broker": {"url": broker_url},
        "data_dir": str(data_dir),
        "api": {"port": 0},
        "ack_timeout": 2,
        "backoff": {"min": 0.1, "max": 0.5},
        "health_interval": 60,
        **extra,
    }


@pytest.fixture
def agent_config(mosquitto: Mosquitto, tmp_path: Path) -> AgentConfig:
    return config_from_mapping(agent_settings(mosquitto.url, tmp_path / "agent"))
