"""Enrolment API fixtures: the hub app on a migrated database (SQLite and PostgreSQL) with a settable clock."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from hub.api.app import create_app
from hub.core.config import load_settings
from hub.enrolment.rules.dates import TAIPEI
from hub.staff.accounts import create_user


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
