"""The public live board: a registration committed in one request reaches an open event stream within a second,
against a real uvicorn; the page renders without login; a rolled-back change announces nothing."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import uvicorn
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from hub.api.app import create_app
from hub.core.config import load_settings
from hub.enrolment import live
from hub.enrolment.models import EnrolKindergarten
from onestop.processes import free_port
from tests.hub.enrolment.conftest import Clock

BASE = "/api/v1/enrolment"


@pytest.fixture
def server(db_url: str, hub_engine: Engine, sessions: sessionmaker[Session], clock: Clock) -> Iterator[str]:
    with sessions() as s, s.begin():
        for code in ("K1", "K2"):
            s.add(EnrolKindergarten(code=code, name_zh=f"{code}附幼", name_en=f"{code} Kindergarten",
                                    two_year_classes=1, mixed_classes=1))  # fmt: skip
    app = create_app(load_settings(db_url=db_url, notify_interval_s=3600), engine=hub_engine)
    app.state.enrolment_clock = clock
    port = free_port()
    uv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not uv.started:
        assert time.monotonic() < deadline and thread.is_alive(), "uvicorn did not start"
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    uv.should_exit = True
    thread.join(15)


def _rows_events(response: httpx.Response) -> Iterator[tuple[float, dict[str, Any]]]:
    """Each ``rows`` event with the moment it arrived."""
    kind = None
    for line in response.iter_lines():
        if line.startswith("event: "):
            kind = line.removeprefix("event: ")
        elif line.startswith("data: ") and kind == "rows":
            yield time.monotonic(), json.loads(line.removeprefix("data: "))


def test_a_registration_shows_up_in_an_open_stream_within_a_second(server: str) -> None:
    """GIVEN an open board stream that has sent the whole phase WHEN a parent registers at K1 in another
    request THEN the stream sends K1's mixed row with one registration, within a second of the commit,
    and nothing about K2 (unchanged rows are not re-sent)."""
    body = {"national_id": "A123456789", "birth": "107-01-10", "resident_since": "2019-01-01",
            "kindergarten": "K1", "phase": 1}  # fmt: skip
    made: dict[str, Any] = {}

    def register() -> None:
        with httpx.Client(base_url=server, timeout=30) as other:
            made["sent"] = time.monotonic()  # the commit happens after this, before the answer
            made["response"] = other.post(f"{BASE}/registrations", json=body)

    with (
        httpx.Client(base_url=server, timeout=httpx.Timeout(30, read=5)) as http,
        http.stream("GET", f"{BASE}/board/stream", params={"phase": 1}) as stream,
    ):
        assert stream.headers["content-type"].startswith("text/event-stream")
        events = _rows_events(stream)
        _, first = next(events)
        assert first["phase"] == 1 and {(r["kindergarten"], r["pool"]) for r in first["rows"]} == {
            ("K1", "two_year"), ("K1", "mixed"), ("K2", "two_year"), ("K2", "mixed")}  # fmt: skip
        assert all(r["registrations"] == 0 for r in first["rows"])
        poster = threading.Thread(target=register)
        poster.start()
        at, update = next(events)
        poster.join(10)
    assert made["response"].status_code == 201, made["response"].text
    assert at - made["sent"] < 1.0
    assert [(r["kindergarten"], r["pool"], r["places"], r["registrations"]) for r in update["rows"]] == [
        ("K1", "mixed", 28, 1)
    ]


def test_the_public_page_renders_rows_without_login(server: str) -> None:
    page = httpx.get(f"{server}/enrolment/board", params={"phase": 1})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    html = page.text
    assert 'lang="zh-Hant-TW"' in html and 'data-key="K1|mixed"' in html and "即時看板" in html
    assert "<caption>" in html and 'scope="col"' in html and 'aria-live="polite"' in html
    assert "/enrolment/static/board.js" in html
    assert httpx.get(f"{server}/enrolment/static/board.js").status_code == 200
    assert httpx.get(f"{server}/enrolment/static/..%2Fstyle.css").status_code == 404
    assert httpx.get(f"{server}/enrolment/board", params={"phase": 4}).status_code == 422


def test_a_rolled_back_change_announces_nothing(sessions: sessionmaker[Session]) -> None:
    """GIVEN a subscriber WHEN one transaction marks a change and rolls back and another commits THEN only
    the committed change is delivered."""
    import asyncio

    async def run() -> list[live.Change]:
        sub = live.BUS.subscribe()
        try:
            with sessions() as s:
                with s.begin():
                    live.board_changed(s, "KX", 1)
                    s.rollback()
                with s.begin():
                    live.board_changed(s, "KY", 2)
                    live.board_changed(s, "KY", 2)
            await asyncio.sleep(0.05)
            got = []
            while not sub.queue.empty():
                got.append(sub.queue.get_nowait())
            return got
        finally:
            sub.close()

    assert asyncio.run(run()) == [("KY", 2)]
