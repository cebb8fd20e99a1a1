"""The public live board: a registration committed in one request is pushed to an open event stream (no poll,
no reconnect), against a real uvicorn; the page renders without login; a rolled-back change announces nothing."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy.orm import Session, sessionmaker

from hub.enrolment import live
from tests.hub.enrolment.conftest import light_login

BASE = "/api/v1/enrolment"


def _rows_events(response: httpx.Response) -> Iterator[dict[str, Any]]:
    """Each ``rows`` event."""
    kind = None
    for line in response.iter_lines():
        if line.startswith("event: "):
            kind = line.removeprefix("event: ")
        elif line.startswith("data: ") and kind == "rows":
            yield json.loads(line.removeprefix("data: "))


def test_a_registration_is_pushed_to_an_open_stream(server: str, push_only: None) -> None:
    """GIVEN an open board stream that has sent the whole phase, and no poll or reconnect to come WHEN a
    parent registers at K1 in another request THEN the stream sends K1's mixed row with one registration,
    and nothing about K2 (unchanged rows are not re-sent). How fast: benchmarks, not this test."""
    body = {"national_id": "A123456789", "birth": "107-01-10", "resident_since": "2019-01-01",
            "kindergarten": "K1", "phase": 1}  # fmt: skip
    made: dict[str, Any] = {}

    def register() -> None:
        with httpx.Client(base_url=server, timeout=30) as other:
            who = light_login(other.post, body["national_id"], body["birth"])
            made["response"] = other.post(f"{BASE}/registrations", json=body, headers=who)

    with (
        httpx.Client(base_url=server, timeout=httpx.Timeout(30, read=5)) as http,
        http.stream("GET", f"{BASE}/board/stream", params={"phase": 1}) as stream,
    ):
        assert stream.headers["content-type"].startswith("text/event-stream")
        events = _rows_events(stream)
        first = next(events)
        assert first["phase"] == 1 and {(r["kindergarten"], r["pool"]) for r in first["rows"]} == {
            ("K1", "two_year"), ("K1", "mixed"), ("K2", "two_year"), ("K2", "mixed")}  # fmt: skip
        assert all(r["registrations"] == 0 for r in first["rows"])
        poster = threading.Thread(target=register)
        poster.start()
        update = next(events)
        poster.join(10)
    assert made["response"].status_code == 201, made["response"].text
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


def _first_event(server: str, headers: dict[str, str], params: dict[str, Any]) -> tuple[str | None, str]:
    """The id of the first ``rows`` event (or None) and the raw text seen up to it or the first keep-alive."""
    seen: list[str] = []
    with (
        httpx.Client(base_url=server, timeout=httpx.Timeout(30, read=15)) as http,
        http.stream("GET", f"{BASE}/board/stream", params={"phase": 1, **params}, headers=headers) as s,
    ):
        event_id = None
        for line in s.iter_lines():
            seen.append(line)
            if line.startswith("id: "):
                event_id = line.removeprefix("id: ")
            if line.startswith("data: ") and event_id is not None:
                return event_id, "\n".join(seen)
            if line.startswith(": keep-alive"):
                return None, "\n".join(seen)
    raise AssertionError("the stream ended without an event")


def test_a_reconnect_that_missed_nothing_gets_no_full_resend(
    server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GIVEN a browser whose last event id is the board's digest WHEN it reconnects THEN no rows are resent
    (only a keep-alive); a stale id, or the page's own digest after a change, gets the rows."""
    from hub.enrolment import pages

    monkeypatch.setattr(pages, "POLL_S", 0.3)  # reach the first keep-alive quickly
    event_id, text = _first_event(server, {}, {})
    assert event_id is not None and '"registrations": 0' in text
    page = httpx.get(f"{server}/enrolment/board").text
    assert f'data-digest="{event_id}"' in page  # the page and the stream agree on what is shown
    again, text = _first_event(server, {"Last-Event-ID": event_id}, {})
    assert again is None and "rows" not in text
    quiet, _ = _first_event(server, {}, {"since": event_id})
    assert quiet is None
    stale, text = _first_event(server, {"Last-Event-ID": "0" * 20}, {})
    assert stale == event_id and text.count('"kindergarten"') == 4
    body = {"national_id": "A123456789", "birth": "107-01-10", "resident_since": "2019-01-01",
            "kindergarten": "K2", "phase": 1}  # fmt: skip
    who = light_login(
        lambda path, json: httpx.post(server + path, json=json), body["national_id"], body["birth"]
    )
    assert httpx.post(f"{server}{BASE}/registrations", json=body, headers=who).status_code == 201
    after, text = _first_event(server, {"Last-Event-ID": event_id}, {})
    assert after not in (None, event_id) and text.count('"kindergarten"') == 4
