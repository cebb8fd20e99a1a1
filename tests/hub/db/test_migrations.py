"""Migrations: ``upgrade heads`` builds exactly the models' schema on both databases, and is idempotent."""

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from hub.db.base import Base
from hub.db.migrate import CORE_HEAD, current_heads, include_name, upgrade
from hub.db.session import make_engine
from hub.features import load_features


def test_upgrade_heads_matches_every_features_models(db_url: str) -> None:
    load_features()
    engine = make_engine(db_url)
    try:
        upgrade(engine)
        upgrade(engine)  # a restart migrates nothing and fails nothing
        assert CORE_HEAD in current_heads(engine) or current_heads(engine)
        with engine.connect() as conn:
            diff = compare_metadata(
                MigrationContext.configure(conn, opts={"compare_type": True, "include_name": include_name}),
                Base.metadata,
            )
        assert diff == [], f"models and migrations disagree (add a migration): {diff}"
    finally:
        engine.dispose()


def test_sqlite_runs_in_wal_with_full_sync(sqlite_url: str) -> None:
    engine = make_engine(sqlite_url)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 15000
    engine.dispose()
