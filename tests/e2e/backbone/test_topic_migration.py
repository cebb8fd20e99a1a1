"""The portable topic contract (v2) and the migration window: agents still on v1 keep working."""

from __future__ import annotations

from pathlib import Path

from onestop.processes import Mosquitto
from tests.hub.serving import HubProcess, hub_stats, start_fleet
from tests.hub.test_serve import stored


def test_v1_and_v2_agents_are_stored_once_and_acked_on_their_own_topics(
    sqlite_url: str, tmp_path: Path
) -> None:
    """GIVEN one hub and two fleets on one Mosquitto, one speaking the old dotted v1 topics and one the
    portable v2 topics
    WHEN both send 10 devices x 20 events
    THEN both fleets drain (each device was acked on the topics it listens to) and the hub holds 400
    events once each, with no dead letters."""
    broker = Mosquitto(workdir=tmp_path / "broker").start()
    hub = HubProcess(sqlite_url, broker.url, tmp_path).start()
    old = start_fleet(broker.url, tmp_path / "v1", 10, 20, "--topic-version", "1", "--timeout", "60")
    new = start_fleet(broker.url, tmp_path / "v2", 10, 20, "--first", "11", "--timeout", "60")
    try:
        for sim in (old, new):
            output = sim.communicate(timeout=90)[0]
            assert sim.returncode == 0, output[-3000:]
        figures = hub_stats(sqlite_url)
        assert figures["events"] == 400 and figures["devices"] == 20 and figures["dead_letters"] == 0
        assert stored(sqlite_url) == (400, 400)
        assert hub.stop() == 0
    finally:
        for sim in (old, new):
            if sim.poll() is None:
                sim.kill()
        if hub.proc and hub.proc.poll() is None:
            hub.kill()
        broker.stop()
