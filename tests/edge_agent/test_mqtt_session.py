"""DeviceSession against a real private Mosquitto: what a reconnect costs while the broker is away."""

from __future__ import annotations

from pathlib import Path

import pytest

from edge_agent.mqtt_session import DeviceSession, SessionHooks, SessionSettings
from edge_agent.netloop import NetLoop
from edge_agent.outbox import Outbox
from onestop.dev.waiting import wait_until
from onestop.processes import Mosquitto, free_port
from wire import DeviceKind
from wire.broker import parse_broker_url

pytestmark = pytest.mark.mosquitto


def test_refused_attempts_keep_their_session_number_and_the_first_real_connect_uses_it(
    tmp_path: Path,
) -> None:
    """GIVEN a device whose broker is not listening yet WHEN it has retried several times and the broker
    then starts THEN it comes online with session 1: an attempt refused before any byte was sent does not
    write the outbox's session counter again (10,000 devices retrying a dead broker queued 40,000 disk
    syncs in front of the connects after its restart)."""
    port = free_port()
    outbox = Outbox(tmp_path / "outbox.sqlite3")
    loop = NetLoop().start()
    settings = SessionSettings(
        device_id="sim-00001", site="sim", kind=DeviceKind.SIMULATED,
        broker=parse_broker_url(f"mqtt://127.0.0.1:{port}"), backoff_min=0.05, backoff_max=0.2,
    )  # fmt: skip
    session = DeviceSession(settings, outbox, loop, SessionHooks())
    broker = Mosquitto(port=port, workdir=tmp_path / "broker")
    try:
        session.start()
        wait_until(lambda: session._backoff.attempt >= 5, 30, "five refused attempts")
        assert outbox.session() == 1 and not session.online
        broker.start()
        wait_until(lambda: session.online, 30, "the device online once the broker listens")
        assert (session.session, outbox.session(), session.connects) == (1, 1, 1)
        broker.kill()
        wait_until(lambda: not session.online, 30, "the device to notice the broker's death")
        broker.start()
        wait_until(lambda: session.online, 30, "the device back online")
        assert (session.session, outbox.session(), session.connects) == (2, 2, 2)
    finally:
        session.stop("test over", timeout=3)
        loop.stop()
        broker.stop()
        outbox.close()
