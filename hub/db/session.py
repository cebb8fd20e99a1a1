"""Engine and session factory from a SQLAlchemy URL: SQLite in WAL mode, or PostgreSQL through psycopg 3.

SQLite pragmas, and why:
- ``journal_mode=WAL``: HTTP readers do not block the ingest writer and the writer does not block them.
- ``synchronous=FULL``: the hub acknowledges an event only after its commit, and the agent then forgets it.
  With ``NORMAL`` a WAL commit survives a process crash but not a power cut, so an acknowledged event could
  vanish. ``FULL`` costs one fsync per commit, and ingest commits once per batch (hundreds of events), so
  the price is small.
- ``busy_timeout=15000``: a second writer (an HTTP route, ``onestop hub stats``) waits instead of failing.
- ``foreign_keys=ON``: feature tables may rely on their references being enforced.

Every SQLite transaction starts with ``BEGIN IMMEDIATE`` (we take over transaction control from pysqlite,
the recipe in SQLAlchemy's SQLite docs): a read-then-write transaction then never fails with "database is
locked" half way, and SAVEPOINTs work.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session, sessionmaker

SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA busy_timeout=15000",
    "PRAGMA foreign_keys=ON",
)


def normalise_url(url: str | URL) -> URL:
    """``postgresql://`` means psycopg 3 here (psycopg2 is not installed)."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def _prepare_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
        cursor = dbapi_connection.cursor()
        for pragma in SQLITE_PRAGMAS:
            cursor.execute(pragma)
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(url: str | URL, **kwargs: Any) -> Engine:
    """An engine for ``url`` with the pragmas above on SQLite; the SQLite file's folder is created."""
    parsed = normalise_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            from pathlib import Path

            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed, **kwargs)
        _prepare_sqlite(engine)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(parsed, **kwargs)


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions that keep loaded objects usable after commit (routes return them)."""
    return sessionmaker(engine, expire_on_commit=False)
