"""Issue 2's headline guarantee end to end: fleet simulator → Mosquitto (killed) → real hub → database.

``assert_broker_sigkill_stores_each_event_once`` is the scenario; tests/e2e/cluster runs the same one, with
the same agent and hub, against one node of a RabbitMQ cluster.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Protocol

from sqlalchemy import text

from hub.db.session import make_engine
from onestop.dev.waiting import wait_until
from onestop.processes import Mosquitto
from tests.hub.serving import HubProcess, hub_stats, start_fleet
from tests.hub.test_serve import stored


class KillableBroker(Protocol):
    @property
    def url(self) -> str: ...

    def kill(self) -> None: ...

    def start(self) -> object: ...


def assert_broker_sigkill_stores_each_event_once(
    db_url: str, tmp_path: Path, broker: KillableBroker, hub_env: dict[str, str] | None = None
) -> None:
    """50 devices x 20 events through ``broker`` into a real hub; SIGKILL the broker mid-run, start it
    3 s later on the same port; the fleet drains and the hub holds exactly 1,000 events, 20 per device."""
    hub = HubProcess(db_url, broker.url, tmp_path, env=hub_env).start()
    sim = start_fleet(broker.url, tmp_path / "fleet", 50, 20, "--rate", "200", "--timeout", "90")
    try:
        wait_until(lambda: stored(db_url)[0] >= 150, 30, "150 events stored before the broker kill")
        broker.kill()
        at_kill = stored(db_url)[0]
        assert 0 < at_kill < 1000, f"the broker kill did not land mid-run ({at_kill} stored)"
        time.sleep(3)  # the point: the broker stays dead 3 s while the fleet keeps making events
        broker.start()
        output = sim.communicate(timeout=120)[0]
        assert sim.returncode == 0, output[-3000:]
        figures = hub_stats(db_url)
        assert figures["events"] == 1000
        assert figures["devices"] == 50
        assert figures["dead_letters"] == 0
        assert stored(db_url) == (1000, 1000)
        engine = make_engine(db_url)
        with engine.connect() as conn:
            per_device = conn.execute(text("SELECT device, count(*) FROM events GROUP BY device")).all()
        engine.dispose()
        assert len(per_device) == 50 and {n for _, n in per_device} == {20}
        assert hub.stop() == 0
    finally:
        if sim.poll() is None:
            sim.kill()
        if hub.proc and hub.proc.poll() is None:
            hub.kill()


def test_broker_sigkill_mid_run_stores_exactly_1000_events(db_url: str, tmp_path: Path) -> None:
    """GIVEN 50 simulated devices x 20 events flowing through Mosquitto (persistence off) into the hub
    WHEN the broker is SIGKILLed mid-run and restarted 3 s later on the same port
    THEN the fleet drains and the hub holds exactly 1,000 events, none twice, 20 from every device."""
    broker = Mosquitto(workdir=tmp_path / "broker").start()
    try:
        assert_broker_sigkill_stores_each_event_once(db_url, tmp_path, broker)
    finally:
        broker.stop()
