"""CI-sized variant of benchmarks/fleet_rebirth.py: a fleet sharded over processes, the broker SIGKILLed
once every device is online, every device re-born at the hub and every event stored once."""

from __future__ import annotations

import resource
import time
from pathlib import Path

from sqlalchemy import text

from hub.db.session import make_engine
from onestop.dev.waiting import wait_until
from onestop.processes import Mosquitto
from tests.hub.serving import HubProcess, start_fleet

DEVICES = 300


def _count(db_url: str, sql: str, **params: int) -> int:
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(text(sql), params).scalar() or 0)
    except Exception:
        return 0  # tables not created yet
    finally:
        engine.dispose()


def test_every_device_is_reborn_and_every_event_stored_once_after_a_broker_sigkill(
    sqlite_url: str, tmp_path: Path
) -> None:
    """GIVEN 300 devices in 2 simulator processes, all online at the hub, producing 3 events each from the
    moment all are online (150 a second: 6 s, so the kill lands mid-production however long connecting
    took on a loaded machine, and production goes on while the broker is dead)
    WHEN the broker is SIGKILLed (persistence off) and restarted 2 s later
    THEN all 300 devices have a new birth at the hub, the fleet drains, and the hub holds 900 events,
    none twice, no dead letters."""
    assert resource.getrlimit(resource.RLIMIT_NOFILE)[1] > DEVICES * 5
    broker = Mosquitto(workdir=tmp_path / "broker").start()
    hub = HubProcess(sqlite_url, broker.url, tmp_path).start(timeout=90)
    fleet = start_fleet(
        broker.url,
        tmp_path / "fleet",
        DEVICES,
        3,
        "--processes",
        "2",
        "--wait-online",
        "--rate",
        "90",
        "--timeout",
        "120",
    )
    try:
        online = "SELECT count(*) FROM devices WHERE online"
        wait_until(
            lambda: _count(sqlite_url, online) >= DEVICES or fleet.poll() is not None,
            60,
            "all online",
            step=0.1,
        )
        assert fleet.poll() is None, fleet.communicate()[0][-3000:]
        broker.kill()
        at_kill = _count(sqlite_url, "SELECT count(*) FROM events")
        assert at_kill < DEVICES * 3, f"the kill did not land mid-production ({at_kill} stored)"
        killed_ms = time.time_ns() // 1_000_000
        time.sleep(2)
        broker.start()
        reborn = "SELECT count(*) FROM devices WHERE online AND birth_at >= :t"
        wait_until(lambda: _count(sqlite_url, reborn, t=killed_ms) >= DEVICES, 60, "all re-born", step=0.1)
        output = fleet.communicate(timeout=120)[0]
        assert fleet.returncode == 0, output[-3000:]
        assert "as 2 processes" in output and "all 2 shards drained" in output
        assert _count(sqlite_url, "SELECT count(*) FROM events") == DEVICES * 3
        assert _count(sqlite_url, "SELECT count(DISTINCT id) FROM events") == DEVICES * 3
        assert _count(sqlite_url, "SELECT count(*) FROM dead_letters") == 0
        assert hub.stop() == 0
    finally:
        if fleet.poll() is None:
            fleet.kill()
        if hub.proc and hub.proc.poll() is None:
            hub.kill()
        broker.stop()
