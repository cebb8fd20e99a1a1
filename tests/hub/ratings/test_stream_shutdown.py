"""A supervisor's open dashboard never holds a stopping hub: the alarm stream ends by itself and reconnects."""

from __future__ import annotations

import threading
from pathlib import Path

import httpx
import pytest

from hub.db.session import make_engine, make_session_factory
from hub.features import load_features
from hub.ratings import api as ratings_api
from hub.staff.accounts import create_user
from onestop.dev.waiting import wait_until
from onestop.processes import Mosquitto
from tests.hub.serving import HubProcess
from tests.migrated import MigratedTemplates

pytestmark = pytest.mark.mosquitto


def test_the_hub_stops_promptly_while_a_dashboard_stream_is_open(
    mosquitto: Mosquitto, tmp_path: Path, migrated: MigratedTemplates
) -> None:
    """GIVEN a hub process with an open alarm stream WHEN it gets SIGTERM THEN the server ends the stream itself
    (a clean end of the chunked response, not a reset) and the hub exits cleanly.

    uvicorn waits for every open response before it exits; an endless stream would keep the hub running
    past HubProcess.stop()'s 15 s and fail as "hub ignored SIGTERM". How long the stop takes is the stream's
    lifetime (STREAM_S) plus however slow the machine is, so no wall-clock bound is asserted here."""
    db_url = f"sqlite:///{tmp_path / 'hub.db'}"
    load_features()
    migrated.fill(db_url)
    engine = make_engine(db_url)
    with make_session_factory(engine)() as session, session.begin():
        token = create_user(session, "chen.super", "supervisor")
    engine.dispose()
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
        headers = {"Authorization": f"Bearer {token}"}
        with (
            httpx.Client(base_url=f"http://127.0.0.1:{hub.port}", timeout=30) as http,
            http.stream("GET", "/api/v1/ratings/alarms/stream", headers=headers) as response,
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
    assert lines[0] == f"retry: {ratings_api.RECONNECT_MS}"
