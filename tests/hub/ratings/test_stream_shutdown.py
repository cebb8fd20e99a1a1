"""A supervisor's open dashboard never holds a stopping hub: the alarm stream ends by itself and reconnects."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import httpx
import pytest

from hub.db.migrate import upgrade
from hub.db.session import make_engine, make_session_factory
from hub.features import load_features
from hub.ratings import api as ratings_api
from hub.staff.accounts import create_user
from onestop.processes import Mosquitto
from tests.hub.serving import HubProcess

pytestmark = pytest.mark.mosquitto


def test_the_hub_stops_promptly_while_a_dashboard_stream_is_open(
    mosquitto: Mosquitto, tmp_path: Path
) -> None:
    """GIVEN a hub process with an open alarm stream WHEN it gets SIGTERM THEN it exits cleanly within the
    stream's lifetime instead of waiting for the browser forever."""
    db_url = f"sqlite:///{tmp_path / 'hub.db'}"
    load_features()
    engine = make_engine(db_url)
    upgrade(engine)
    with make_session_factory(engine)() as session, session.begin():
        token = create_user(session, "chen.super", "supervisor")
    engine.dispose()
    hub = HubProcess(db_url, mosquitto.url, tmp_path).start()
    lines: list[str] = []
    try:
        headers = {"Authorization": f"Bearer {token}"}
        with (
            httpx.Client(base_url=f"http://127.0.0.1:{hub.port}", timeout=30) as http,
            http.stream("GET", "/api/v1/ratings/alarms/stream", headers=headers) as response,
        ):
            reader = threading.Thread(target=lambda: lines.extend(response.iter_lines()), daemon=True)
            reader.start()
            time.sleep(0.5)
            started = time.monotonic()
            assert hub.stop() == 0
            took = time.monotonic() - started
            reader.join(5)
    finally:
        hub.stop()
    assert took < ratings_api.STREAM_S + 3
    assert lines[0] == f"retry: {ratings_api.RECONNECT_MS}"
