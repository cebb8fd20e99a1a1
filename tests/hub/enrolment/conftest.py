"""Enrolment API fixtures: the hub app on a migrated database (SQLite and PostgreSQL) with a settable clock,
in a TestClient or served by a real uvicorn (``server``, two kindergartens K1 and K2)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import datetime

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


@pytest.fixture
def client(db_url: str, hub_engine: Engine, clock: Clock) -> Iterator[TestClient]:
    settings = load_settings(db_url=db_url, notify_interval_s=3600)
    app = create_app(settings, engine=hub_engine)
    app.state.enrolment_clock = clock
    with TestClient(app) as test_client:
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
    deadline = time.monotonic() + 15
    while not uv.started:
        assert time.monotonic() < deadline and thread.is_alive(), "uvicorn did not start"
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    uv.should_exit = True
    thread.join(15)
