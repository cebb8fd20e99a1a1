"""Migrated databases for tests, fast: the hub's migrations run once per test process and dialect into a
template, and each test gets a copy of it (a SQLite file copied with SQLite's backup API; a PostgreSQL
``CREATE DATABASE ... TEMPLATE``). Running every migration costs seconds per test on a loaded machine; a
copy costs milliseconds (SQLite) or one ``CREATE DATABASE`` (PostgreSQL). The copy is the very database
``hub.db.migrate.upgrade`` made, so a test sees the same schema as before; the migrations themselves are
tested on empty databases in tests/hub/db/test_migrations.py and by every ``onestop hub serve`` a test starts
on an empty database.

Imports of the hub are lazy: an agent-only or kiosk-only venv (scripts/test-apps) loads this module too.
"""

from __future__ import annotations

import sqlite3
import uuid
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

PG_TEMPLATE_PREFIX = "onestop_tmpl_"


def _migrate(url: str) -> None:
    from hub.db.migrate import upgrade
    from hub.db.session import make_engine
    from hub.features import load_features

    load_features()
    engine = make_engine(url)
    try:
        upgrade(engine)
    finally:
        engine.dispose()


def migrate(url: str, templates: MigratedTemplates | None) -> None:
    """The empty database at ``url`` migrated: a template's copy in a test, the migrations themselves where no
    templates are at hand (a benchmark that reuses a test rig)."""
    if templates is None:
        _migrate(url)
    else:
        templates.fill(url)


class MigratedTemplates:
    """One migrated template per dialect, built on first use, copied into a test's database by ``fill``."""

    def __init__(self, workdir: Path, pg_admin_url: str):
        self.workdir, self.pg_admin_url = workdir, pg_admin_url
        self._sqlite: Path | None = None
        self._pg: str | None = None
        self._pg_copies: set[str] = set()
        self._dropper = ThreadPoolExecutor(max_workers=4, thread_name_prefix="pg-drop")
        self._drops: list[Future[None]] = []

    def fill(self, url: str) -> None:
        """Make the (empty or missing) database at ``url`` a copy of the migrated template."""
        from sqlalchemy.engine import make_url

        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite":
            assert parsed.database and parsed.database != ":memory:", url
            self._fill_sqlite(Path(parsed.database))
        else:
            assert parsed.get_backend_name() == "postgresql", url
            assert parsed.database, url
            self._fill_pg(parsed.database)

    def _fill_sqlite(self, target: Path) -> None:
        if self._sqlite is None:
            template = self.workdir / "template.db"
            _migrate(f"sqlite:///{template}")
            self._sqlite = template
        target.parent.mkdir(parents=True, exist_ok=True)
        with sqlite3.connect(self._sqlite) as source, sqlite3.connect(target) as dest:
            if dest.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                raise AssertionError(f"{target} is not empty: a migrated copy goes into a new database only")
            source.backup(dest)
        dest.close()
        source.close()

    def pg_template(self) -> str:
        """The migrated PostgreSQL template's name (built on first use)."""
        if self._pg is None:
            import psycopg

            template = f"{PG_TEMPLATE_PREFIX}{uuid.uuid4().hex[:12]}"
            with psycopg.connect(self.pg_admin_url, autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{template}"')
            self._pg = template
            _migrate(_with_database(self.pg_admin_url, template))
        return self._pg

    def create_pg(self, name: str, *, migrated: bool) -> None:
        """A new database ``name``: empty, or (``migrated``) a copy of the template."""
        import psycopg

        template = f' TEMPLATE "{self.pg_template()}"' if migrated else ""
        with psycopg.connect(self.pg_admin_url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"{template}')
        if migrated:
            self._pg_copies.add(name)

    def drop_pg_later(self, name: str) -> None:
        """Drop ``name`` in the background (a DROP DATABASE waits for a checkpoint: seconds on a loaded
        machine, spent while the next test runs); ``close`` waits for every drop and raises the first error."""
        self._drops.append(self._dropper.submit(self._drop_pg, name))

    def _drop_pg(self, name: str) -> None:
        import psycopg

        with psycopg.connect(self.pg_admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def _fill_pg(self, name: str) -> None:
        if name in self._pg_copies:
            return  # pg_url made it from the template already
        self._drop_pg(name)  # an empty database pg_url made: it becomes the template's copy
        self.create_pg(name, migrated=True)

    def close(self) -> None:
        self._dropper.shutdown(wait=True)
        errors = [f.exception() for f in self._drops if f.exception() is not None]
        if self._pg is not None:
            self._drop_pg(self._pg)
            self._pg = None
        if errors:
            raise errors[0]  # type: ignore[misc]


def _with_database(admin_url: str, name: str) -> str:
    from sqlalchemy.engine import make_url

    return (
        make_url(admin_url)
        .set(drivername="postgresql+psycopg", database=name)
        .render_as_string(hide_password=False)
    )
