"""Enrolment API fixtures: the hub app on a migrated database (SQLite and PostgreSQL) with a settable clock,
in a TestClient or served by a real uvicorn (``server``, two kindergartens K1 and K2)."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
import uvicorn
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from hub.api.app import create_app
from hub.core.config import load_settings
from hub.enrolment.models import EnrolKindergarten
from hub.enrolment.rules.dates import TAIPEI
from hub.staff.accounts import create_user
from onestop.dev.waiting import wait_until
from onestop.processes import free_port


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2023, 4, 1, 12, tzinfo=TAIPEI)

    def set(self, month: int, day: int, hour: int, minute: int = 0) -> None:
        self.now = datetime(2023, month, day, hour, minute, tzinfo=TAIPEI)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


def card_login(sessions: sessionmaker[Session], parent: str) -> dict[str, str]:
    """The headers of a parent's citizen-card session (as a card login at a kiosk would open it)."""
    from hub.auth.store import SqlSessions
    from hub.auth.verify import CardIdentity

    fingerprint = hashlib.sha256(parent.encode()).hexdigest()
    origin = f"kiosk-{fingerprint[:8]}"
    with sessions() as session, session.begin():
        opened = SqlSessions(session, 180).open(
            origin, CardIdentity("家長", parent[-4:], fingerprint, "test CA")
        )
    return {"X-Citizen-Session": opened.token, "X-Citizen-Origin": origin}


def light_login(post: Any, national_id: str, birth: str) -> dict[str, str]:
    """Light identification over HTTP (the child's ID and birth date); {} when it is refused."""
    got = post("/api/v1/auth/light", json={"national_id": national_id, "birth_date": birth})
    return {"X-Citizen-Session": got.json()["session"]} if got.status_code == 200 else {}


class CitizenClient(TestClient):
    """A citizen's browser: before an online registration, check-in or result it identifies the way the hub
    requires (hub/enrolment/identity.py) — light identification with the child's ID and birth date, or the
    parent's card for a category that claims a status. Requests that carry their own headers are sent as is."""

    sessions: sessionmaker[Session]
    births: dict[str, str]
    cards: dict[str, dict[str, str]]

    def post(self, url: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        body = kwargs.get("json")
        online = isinstance(body, dict) and body.get("channel", "online") == "online"
        if (
            online
            and str(url).endswith(("/registrations", "/check-in", "/result"))
            and "headers" not in kwargs
        ):
            kwargs["headers"] = self.identify(body)
        return super().post(url, **kwargs)

    def identify(self, body: dict[str, Any]) -> dict[str, str]:
        national_id = str(body.get("national_id", ""))
        if body.get("category", "g_resident") != "g_resident" or national_id in self.cards:
            return self.cards.setdefault(national_id, card_login(self.sessions, national_id))
        birth = body.get("birth") or self.births.get(national_id)
        if birth is None:
            return {}
        self.births[national_id] = str(birth)
        return light_login(super().post, national_id, str(birth))


@pytest.fixture
def client(
    db_url: str, hub_engine: Engine, clock: Clock, sessions: sessionmaker[Session]
) -> Iterator[TestClient]:
    settings = load_settings(db_url=db_url, notify_interval_s=3600, light_id_per_minute=10_000)
    app = create_app(settings, engine=hub_engine)
    app.state.enrolment_clock = clock
    with CitizenClient(app) as test_client:
        test_client.sessions, test_client.births, test_client.cards = sessions, {}, {}
        yield test_client


@pytest.fixture
def auth(sessions: sessionmaker[Session]) -> dict[str, dict[str, str]]:
    tokens = {}
    with sessions() as session, session.begin():
        for name, role in (("lin.supervisor", "supervisor"), ("wang.counter", "counter")):
            tokens[role] = {"Authorization": f"Bearer {create_user(session, name, role)}"}
    return tokens


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

    def started() -> bool:
        assert thread.is_alive(), "uvicorn stopped before it started"
        return uv.started

    wait_until(started, 15, "uvicorn to start", step=0.02)
    yield f"http://127.0.0.1:{port}"
    uv.should_exit = True
    thread.join(15)


@pytest.fixture
def push_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Streams that never re-read on their own timer and never end by themselves during a test: a change
    that reaches an open stream then came by the commit's push, not by the 5 s poll or a reconnect."""
    from hub.enrolment import pages

    monkeypatch.setattr(pages, "POLL_S", 3600.0)
    monkeypatch.setattr(pages, "STREAM_S", 600.0)
