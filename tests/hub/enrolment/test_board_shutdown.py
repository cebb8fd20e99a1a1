"""An open public board never holds a stopping hub: the stream ends by itself within its lifetime."""

from __future__ import annotations

import threading
from pathlib import Path

import httpx
import pytest

from hub.enrolment import pages
from onestop.dev.waiting import wait_until
from onestop.processes import Mosquitto
from tests.hub.serving import HubProcess
from tests.migrated import MigratedTemplates

pytestmark = [pytest.mark.mosquitto, pytest.mark.slow]


def test_the_hub_stops_promptly_while_a_board_stream_is_open(
    mosquitto: Mosquitto, tmp_path: Path, migrated: MigratedTemplates
) -> None:
    """GIVEN `onestop hub serve` with an open board stream WHEN it gets SIGTERM THEN the server ends the stream
    itself (a clean end, not a reset) and the hub exits cleanly; the stream had started with its reconnect
    delay. An endless stream would hold the hub past HubProcess.stop()'s 15 s ("hub ignored SIGTERM"); the
    stop's duration is the stream's lifetime plus the machine's load, so no wall-clock bound is asserted."""
    db_url = f"sqlite:///{tmp_path / 'hub.db'}"
    migrated.fill(db_url)
    hub = HubProcess(db_url, mosquitto.url, tmp_path).start()
    lines: list[str] = []
    errors: list[BaseException] = []

    def read(response: httpx.Response) -> None:
        try:
            for line in response.iter_lines():
                lines.append(line)
        except httpx.HTTPError as exc:  # the connection was cut instead of the stream ending
            errors.append(exc)

    try:
        with (
            httpx.Client(base_url=f"http://127.0.0.1:{hub.port}", timeout=30) as http,
            http.stream("GET", "/api/v1/enrolment/board/stream", params={"phase": 1}) as response,
        ):
            reader = threading.Thread(target=read, args=(response,), daemon=True)
            reader.start()
            wait_until(lambda: lines, 10, "the stream's first line")  # the stream is open and served
            assert hub.stop() == 0
            reader.join(10)
            assert not reader.is_alive(), "the stream did not end when the hub stopped"
    finally:
        hub.stop()
    assert errors == [], errors
    assert lines[0] == f"retry: {pages.RECONNECT_MS}"
