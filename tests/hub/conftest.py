"""Hub fixtures: a migrated database (both dialects through ``db_url``) and its session factory."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from hub.db.session import make_engine, make_session_factory
from hub.features import load_features
from tests.migrated import MigratedTemplates


@pytest.fixture
def hub_engine(db_url: str, migrated: MigratedTemplates) -> Iterator[Engine]:
    """The test's database at the newest schema: a copy of the migrations' result (tests/migrated.py)."""
    load_features()
    migrated.fill(db_url)
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def sessions(hub_engine: Engine) -> sessionmaker[Session]:
    return make_session_factory(hub_engine)
