"""Hub fixtures: a migrated database (both dialects through ``db_url``) and its session factory."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from hub.db.migrate import upgrade
from hub.db.session import make_engine, make_session_factory
from hub.features import load_features


@pytest.fixture
def hub_engine(db_url: str) -> Iterator[Engine]:
    load_features()
    engine = make_engine(db_url)
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def sessions(hub_engine: Engine) -> sessionmaker[Session]:
    return make_session_factory(hub_engine)
