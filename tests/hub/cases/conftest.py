"""Case fixtures: the hub app on a migrated database (SQLite and PostgreSQL), staff tokens, a test client."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from hub.api.app import create_app
from hub.core.config import load_settings
from hub.staff.accounts import create_user


@pytest.fixture
def make_token(sessions: sessionmaker[Session]) -> Callable[[str, str], str]:
    def make(name: str, role: str) -> str:
        with sessions() as session, session.begin():
            return create_user(session, name, role)

    return make


@pytest.fixture
def client(db_url: str, hub_engine: Engine) -> Iterator[TestClient]:
    settings = load_settings(db_url=db_url, public_url="https://onestop.example.tw")
    app = create_app(settings, engine=hub_engine)
    with TestClient(app, client=("198.51.100.7", 50000)) as test_client:
        yield test_client


@pytest.fixture
def counter_auth(make_token: Callable[[str, str], str]) -> dict[str, str]:
    return {"Authorization": f"Bearer {make_token('chen.counter', 'counter')}"}
