"""An idle scanner inside a real agent: unplugged (its SANE device vanishes from a private SANE config), the
hub gets a scanner alarm with no scan attempted; plugged back, the alarm is cleared."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from edge_agent.agent import Agent
from edge_agent.config import config_from_mapping
from onestop.processes import Mosquitto
from tests.edge_agent.conftest import agent_settings
from tests.edge_agent.devices.conftest import ALIAS
from tests.edge_agent.fake_hub import FakeHub
from wire.payloads.device import Alarm
from wire.payloads.documents import DocumentPage


@pytest.fixture
def agent(
    mosquitto: Mosquitto, fake_hub: FakeHub, tmp_path: Path, aliased_sane: Path
) -> Iterator[tuple[Agent, Path]]:
    sane = aliased_sane  # SANE caches its config dir per process: the session's, with the alias
    components = {"scanner": {"device": "kiosk-adf", "sane_config_dir": str(sane), "probe_every": 0.1}}
    config = config_from_mapping(agent_settings(mosquitto.url, tmp_path / "agent", components=components))
    running = Agent(config)
    running.add_configured_components()
    running.start()
    try:
        assert fake_hub.wait_for(lambda: bool(fake_hub.states_of("kiosk-001")), 10)
        yield running, sane
    finally:
        running.stop()


def scanner_alarms(hub: FakeHub) -> list[Any]:
    return [
        m.body
        for m in list(hub.event_messages)
        if isinstance(m.body, Alarm) and m.body.component == "scanner"
    ]


@pytest.mark.mosquitto
def test_unplugged_idle_scanner_alarms_the_hub_and_clears(
    agent: tuple[Agent, Path], fake_hub: FakeHub
) -> None:
    running, sane = agent
    assert scanner_alarms(fake_hub) == []
    (sane / "dll.aliases").write_text("")  # the scanner is unplugged while nobody scans
    assert fake_hub.wait_for(
        lambda: [(a.code, a.active) for a in scanner_alarms(fake_hub)] == [("error", True)]
    )
    assert "scanner does not answer" in scanner_alarms(fake_hub)[0].message
    (sane / "dll.aliases").write_text(ALIAS)  # back
    assert fake_hub.wait_for(lambda: [a.active for a in scanner_alarms(fake_hub)] == [True, False])
    assert not [m for m in list(fake_hub.event_messages) if isinstance(m.body, DocumentPage)]  # no scan ran
    del running
