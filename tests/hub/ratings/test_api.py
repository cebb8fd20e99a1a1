"""The ratings HTTP API and pages: roles, own figures, CSV, bad input refused without change, and the live
alarm stream (backlog on connect, then alarms as they commit)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from hub.api.app import create_app
from hub.core.config import load_settings
from hub.ratings import api as ratings_api
from hub.ratings import service
from hub.ratings.models import RatingOffice
from onestop.dev.hub_server import live_server
from onestop.dev.waiting import wait_until
from wire import new_message_id, now_ms
from wire.payloads.ratings import RatingButton, RatingPressed


@pytest.fixture
def client(db_url: str, hub_engine: Engine) -> Iterator[TestClient]:
    with TestClient(create_app(load_settings(db_url=db_url), engine=hub_engine)) as c:
        yield c


def auth(tokens: dict[str, str], who: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens[who]}"}


def rate(sessions: sessionmaker[Session], staff: str, button: RatingButton) -> dict[str, Any]:
    """A case closed by ``staff`` and rated at their counter; returns the alarms it raised."""
    with sessions() as session, session.begin():
        prompt = service.counter_case_closed(session, new_message_id()[:12], "HR-BIRTH", staff)
        assert prompt is not None
        body = RatingPressed(counter=prompt.counter, button=button, pressed_at=now_ms(), prompt=prompt.id)
        recorded = service.record_press(
            session, site="tpe-xinyi", device="pc", event_id=new_message_id(), body=body
        )
        return {"alarms": [a.id for a in recorded.alarms]}


@pytest.mark.parametrize(
    ("method", "path", "who", "status"),
    [
        ("GET", "/api/v1/ratings/alarms", None, 401),
        ("GET", "/api/v1/ratings/alarms", "lin.counter", 403),
        ("PUT", "/api/v1/ratings/offices/tpe-daan", "lin.counter", 403),
        ("GET", "/api/v1/ratings/stats", None, 401),
        ("GET", "/api/v1/ratings/alarms/stream", "lin.counter", 403),
        ("GET", "/staff/ratings/dashboard", "lin.counter", 403),
    ],
)
def test_roles(
    client: TestClient, office: dict[str, str], method: str, path: str, who: str | None, status: int
) -> None:
    headers = auth(office, who) if who else {}
    assert client.request(method, path, headers=headers, json={"name": "x"}).status_code == status


def test_staff_see_their_own_figures_and_supervisors_see_all(
    client: TestClient, office: dict[str, str], sessions: sessionmaker[Session]
) -> None:
    rate(sessions, "lin.counter", RatingButton.VERY_SATISFIED)
    rate(sessions, "wang.counter", RatingButton.DISSATISFIED)
    mine = client.get("/api/v1/ratings/stats", headers=auth(office, "lin.counter")).json()
    assert mine["own_only"] is True and [b["key"] for b in mine["buckets"]] == ["tpe-xinyi/c01"]
    everyone = client.get("/api/v1/ratings/stats?dimension=office", headers=auth(office, "chen.super")).json()
    assert everyone["own_only"] is False and everyone["overall"]["official_total"] == 2
    assert everyone["overall"]["satisfaction"] == 0.5
    client.post("/staff/login", data={"token": office["lin.counter"]})  # the browser's session cookie
    page = client.get("/staff/ratings/stats")
    assert page.status_code == 200 and "只顯示您本人服務的評分" in page.text
    assert "wang.counter" not in page.text and "tpe-xinyi/c02" not in page.text


def test_csv_export(client: TestClient, office: dict[str, str], sessions: sessionmaker[Session]) -> None:
    rate(sessions, "lin.counter", RatingButton.SATISFIED)
    response = client.get(
        "/api/v1/ratings/stats.csv?dimension=service&period=month", headers=auth(office, "chen.super")
    )
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    lines = response.text.lstrip("\ufeff").splitlines()
    assert lines[0].startswith("period,dimension,key") and ",service,HR-BIRTH,0,1,0,0,1,100.0,0" in lines[1]


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "detail"),
    [
        (
            "PUT",
            "/api/v1/ratings/offices/tpe-xinyi",
            {"name": "x", "buzzer_device": "sup-pc"},
            422,
            "both a device",
        ),
        ("PUT", "/api/v1/ratings/offices/Bad Site", {"name": "x"}, 422, "site"),
        ("PUT", "/api/v1/ratings/counters/tpe-xinyi/c01", {"device": "pc_1", "name": "x"}, 422, "device"),
        ("POST", "/api/v1/ratings/prompts", {"site": "tpe-xinyi", "counter": "c99"}, 404, "not configured"),
        ("POST", "/api/v1/ratings/alarms/424242/ack", {"note": "done"}, 404, "no alarm"),
        ("POST", "/api/v1/ratings/alarms/1/ack", {"note": ""}, 422, ""),
        ("GET", "/api/v1/ratings/stats?from=2026-11-21&to=2026-11-01", None, 422, "before it starts"),
        ("GET", "/api/v1/ratings/stats?period=year", None, 422, ""),
        ("GET", "/api/v1/ratings/stats.csv?to=0001-01-01", None, 422, "between 2000-01-01"),
        ("GET", "/api/v1/ratings/alarms?site=%00", None, 422, ""),
    ],
)
def test_bad_requests_get_a_clear_4xx_and_change_nothing(
    client: TestClient, office: dict[str, str], sessions: sessionmaker[Session], method: str, path: str,
    body: Any, status: int, detail: str,
) -> None:  # fmt: skip
    response = client.request(method, path, json=body, headers=auth(office, "chen.super"))
    assert response.status_code == status, response.text
    assert detail in json.dumps(response.json())
    with sessions() as session:
        xinyi = session.get(RatingOffice, "tpe-xinyi")
        assert xinyi is not None and (xinyi.buzzer_device, xinyi.buzzer_counter) == ("sup-pc", "sup")
        assert service.open_alarms(session) == []


def test_acknowledge_from_the_page_keeps_the_alarm_in_history(
    client: TestClient, office: dict[str, str], sessions: sessionmaker[Session]
) -> None:
    [alarm_id] = rate(sessions, "lin.counter", RatingButton.VERY_DISSATISFIED)["alarms"]
    client.post("/staff/login", data={"token": office["chen.super"]})
    dashboard = client.get("/staff/ratings/dashboard")
    assert f'data-id="{alarm_id}"' in dashboard.text and "1號櫃檯" in dashboard.text
    assert "lin.counter" not in dashboard.text
    empty = client.post(f"/staff/ratings/alarms/{alarm_id}/ack", data={"note": " "})
    assert empty.status_code == 422 and "note of 1-500" in empty.text
    done = client.post(f"/staff/ratings/alarms/{alarm_id}/ack", data={"note": "已處理"},
                       follow_redirects=False)  # fmt: skip
    assert done.status_code == 303
    history = client.get("/staff/ratings/alarms")
    assert '<span class="tag ok">已處理</span>' in history.text


def _read_events(response: httpx.Response, want: int, out: list[tuple[str, dict[str, Any]]]) -> None:
    kind = ""
    for raw in response.iter_lines():
        if raw.startswith("event: "):
            kind = raw[7:]
        elif raw.startswith("data: "):
            out.append((kind, json.loads(raw[6:])))
            if len(out) >= want:
                return


def test_the_stream_sends_open_alarms_first_then_new_ones_as_they_commit(
    db_url: str, hub_engine: Engine, office: dict[str, str], sessions: sessionmaker[Session]
) -> None:
    [before] = rate(sessions, "lin.counter", RatingButton.VERY_DISSATISFIED)["alarms"]
    app = create_app(load_settings(db_url=db_url), engine=hub_engine)
    events: list[tuple[str, dict[str, Any]]] = []
    with live_server(app) as url, httpx.Client(base_url=url, timeout=10) as http:
        headers = auth(office, "chen.super")
        with http.stream("GET", "/api/v1/ratings/alarms/stream", headers=headers) as response:
            assert response.headers["content-type"].startswith("text/event-stream")
            reader = threading.Thread(target=_read_events, args=(response, 3, events), daemon=True)
            reader.start()
            for _ in range(100):
                if events:
                    break
                threading.Event().wait(0.05)
            [live] = rate(sessions, "wang.counter", RatingButton.VERY_DISSATISFIED)["alarms"]
            http.post(f"/api/v1/ratings/alarms/{before}/ack", json={"note": "done"}, headers=headers)
            reader.join(10)
        with http.stream("GET", f"/api/v1/ratings/alarms/stream?after={live}", headers=headers) as again:
            later: list[tuple[str, dict[str, Any]]] = []
            rate(sessions, "lin.counter", RatingButton.VERY_DISSATISFIED)
            _read_events(again, 1, later)
    assert [(k, a["id"]) for k, a in events] == [("alarm", before), ("alarm", live), ("ack", before)]
    assert events[1][1]["counter_name"] == "2號櫃檯" and events[2][1]["note"] == "done"
    assert later[0][1]["id"] > live  # ``after`` skips what the page already shows


@contextmanager
def _supervisor_stream(db_url: str, hub_engine: Engine, office: dict[str, str]) -> Iterator[httpx.Response]:
    """A hub app served on a free port and a supervisor's open alarm stream on it."""
    app = create_app(load_settings(db_url=db_url), engine=hub_engine)
    with (
        live_server(app) as url,
        httpx.Client(base_url=url, timeout=10) as http,
        http.stream("GET", "/api/v1/ratings/alarms/stream", headers=auth(office, "chen.super")) as response,
    ):
        yield response


def test_the_stream_also_shows_alarms_another_hub_process_stored(
    db_url: str, hub_engine: Engine, office: dict[str, str], sessions: sessionmaker[Session],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    """GIVEN two hubs sharing the database WHEN the other one stores an alarm (its bus never reaches this
    process) THEN this hub's stream still sends it, from its periodic read of open alarms."""
    from hub.ratings.runtime import RatingsRuntime

    monkeypatch.setattr(ratings_api, "POLL_S", 0.2)
    other_hub = RatingsRuntime()  # a bus nobody here listens to
    events: list[tuple[str, dict[str, Any]]] = []
    with _supervisor_stream(db_url, hub_engine, office) as response:
        lines = response.iter_lines()
        while next(lines) != ": keep-alive":  # the first backlog read and poll window are over
            pass
        with sessions() as session, session.begin():
            body = RatingPressed(counter="c02", button=RatingButton.VERY_DISSATISFIED, pressed_at=now_ms())
            service.record_press(session, site="tpe-xinyi", device="pc", event_id=new_message_id(), body=body,
                                 runtime=other_hub)  # fmt: skip
        data = next(line for line in lines if line.startswith("data: "))
        events.append(("alarm", json.loads(data[6:])))
    assert [(k, a["counter"]) for k, a in events] == [("alarm", "c02")]


def test_a_traced_live_alarm_leaves_the_stream_stamped_with_when_it_was_written(
    db_url: str, hub_engine: Engine, office: dict[str, str], sessions: sessionmaker[Session],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    """Settings.trace_latency (benchmarks/rating_alarm.py): a live alarm carries its hub stages, the stream's last;
    a ``trace`` event after it says when its bytes were written to the socket."""
    from hub.ratings.runtime import RUNTIME

    monkeypatch.setattr(RUNTIME, "trace", True)
    [first] = rate(sessions, "lin.counter", RatingButton.VERY_DISSATISFIED)["alarms"]
    events: list[tuple[str, dict[str, Any]]] = []
    with _supervisor_stream(db_url, hub_engine, office) as response:
        reader = threading.Thread(target=_read_events, args=(response, 3, events), daemon=True)
        reader.start()
        wait_until(lambda: events, 10, "the open alarm from the backlog")
        [live] = rate(sessions, "wang.counter", RatingButton.VERY_DISSATISFIED)["alarms"]
        reader.join(10)
    assert [(kind, a["id"]) for kind, a in events] == [("alarm", first), ("alarm", live), ("trace", live)]
    assert "trace" not in events[0][1]  # read from the database: no stages to tell
    trace = events[1][1]["trace"]
    assert trace["row_at"] <= trace["commit_at"] <= trace["committed_at"] <= trace["streamed_at"]
    assert trace["streamed_at"] <= events[2][1]["written_at"]


def test_a_live_alarm_does_not_wait_for_the_streams_periodic_read(
    db_url: str, hub_engine: Engine, office: dict[str, str], sessions: sessionmaker[Session],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    """GIVEN an open stream whose periodic read of the open alarms is slow (held here until the end) WHEN an alarm
    commits in this process THEN the stream sends it at once, not after the read (issue 19: under load the read
    took 100-400 ms and a live alarm waited behind it)."""
    monkeypatch.setattr(ratings_api, "POLL_S", 0.2)
    reads: list[int] = []
    polling, release = threading.Event(), threading.Event()
    real = service.open_alarms

    def slow(session: Session, site: str | None = None, after_id: int = 0) -> list[dict[str, Any]]:
        reads.append(after_id)
        if len(reads) > 1:  # a poll, not the read on connect
            polling.set()
            release.wait(20)
        return real(session, site, after_id)

    monkeypatch.setattr(service, "open_alarms", slow)
    events: list[tuple[str, dict[str, Any]]] = []
    try:
        with _supervisor_stream(db_url, hub_engine, office) as response:
            reader = threading.Thread(target=_read_events, args=(response, 1, events), daemon=True)
            reader.start()
            wait_until(polling.is_set, 10, "the stream's periodic read under way")
            [live] = rate(sessions, "wang.counter", RatingButton.VERY_DISSATISFIED)["alarms"]
            wait_until(lambda: events, 10, "the live alarm while the periodic read is still held")
            assert not release.is_set()
    finally:
        release.set()
    assert [(kind, a["id"]) for kind, a in events] == [("alarm", live)]
