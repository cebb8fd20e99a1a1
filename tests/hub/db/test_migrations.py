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


def test_seq_gap_rows_become_ranges_and_go_back(db_url: str) -> None:
    """Issue 13, Medium 7: a database with a row per missing number (0001_core) is folded into ranges;
    numbers detected together and in the same state make one range; downgrade gives the numbers back."""
    from alembic import command
    from sqlalchemy import text

    from hub.db.migrate import alembic_config

    load_features()
    engine = make_engine(db_url)
    config = alembic_config()
    old_rows: list[tuple[str, int, int, int, int | None]] = [
        ("k1", 2, seq, 100, None) for seq in range(0, 255)
    ]  # one message, new session, seq 255
    old_rows += [("k1", 3, 7, 200, None), ("k1", 3, 8, 200, 250), ("k1", 3, 9, 200, None)]  # 8 came late
    old_rows += [("k2", 1, 4, 300, None), ("k2", 1, 5, 301, None)]  # two detections: two ranges
    try:
        with engine.connect() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, "0001_core")
            conn.execute(
                text("INSERT INTO seq_gaps (device, session, seq, detected_at, filled_at) "
                     "VALUES (:d, :s, :q, :at, :f)"),
                [{"d": d, "s": s, "q": q, "at": at, "f": f} for d, s, q, at, f in old_rows],
            )  # fmt: skip
            command.upgrade(config, "0002_seq_gap_ranges")
            ranges = conn.execute(
                text("SELECT device, session, first_seq, last_seq, detected_at, filled_at FROM seq_gap_ranges "
                     "ORDER BY device, session, first_seq")
            ).all()  # fmt: skip
            assert [tuple(r) for r in ranges] == [
                ("k1", 2, 0, 254, 100, None),
                ("k1", 3, 7, 7, 200, None), ("k1", 3, 8, 8, 200, 250), ("k1", 3, 9, 9, 200, None),
                ("k2", 1, 4, 4, 300, None), ("k2", 1, 5, 5, 301, None),
            ]  # fmt: skip
            command.downgrade(config, "0001_core")
            back = conn.execute(
                text("SELECT device, session, seq, detected_at, filled_at FROM seq_gaps ORDER BY device, session, seq")
            ).all()  # fmt: skip
            assert sorted(tuple(r) for r in back) == sorted(old_rows, key=lambda r: r[:3])
            conn.commit()
    finally:
        engine.dispose()
