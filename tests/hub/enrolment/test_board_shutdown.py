"""An open public board never holds a stopping hub: the stream ends by itself within its lifetime."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import httpx
import pytest

from hub.db.migrate import upgrade
from hub.db.session import make_engine
from hub.enrolment import pages
from hub.features import load_features
from onestop.processes import Mosquitto
from tests.hub.serving import HubProcess

pytestmark = [pytest.mark.mosquitto, pytest.mark.slow]


def test_the_hub_stops_promptly_while_a_board_stream_is_open(mosquitto: Mosquitto, tmp_path: Path) -> None:
    """GIVEN `onestop hub serve` with an open board stream WHEN it gets SIGTERM THEN it exits cleanly within
    the stream's lifetime, and the stream had started with its reconnect delay."""
    db_url = f"sqlite:///{tmp_path / 'hub.db'}"
    load_features()
    engine = make_engine(db_url)
    upgrade(engine)
    engine.dispose()
    hub = HubProcess(db_url, mosquitto.url, tmp_path).start()
    lines: list[str] = []
    try:
        with (
            httpx.Client(base_url=f"http://127.0.0.1:{hub.port}", timeout=30) as http,
            http.stream("GET", "/api/v1/enrolment/board/stream", params={"phase": 1}) as response,
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
    assert took < pages.STREAM_S + 3
    assert lines[0] == f"retry: {pages.RECONNECT_MS}"
