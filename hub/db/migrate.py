"""Bring a database to the newest schema: ``alembic upgrade heads`` over the core and every feature branch.

The core revision (``hub/migrations/versions``) is the root. A feature keeps its revisions in
``hub/<feature>/migrations/``; its first revision has ``down_revision`` = CORE_HEAD and
``branch_labels = ("<feature>",)``. Several hub processes may start at once: on PostgreSQL an advisory
lock makes them migrate one after the other; on SQLite ``BEGIN IMMEDIATE`` does.
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path

from sqlalchemy import Engine, text

from hub.features import FEATURES

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"
CORE_HEAD = "0001_core"
_PG_LOCK_KEY = 0x0_5E_5107  # any constant shared by every hub process
#: Tables and indexes a feature's migration builds in raw SQL that no model maps (SQLite FTS5 search tables and
#: their shadow tables, e.g. ``faq_fts_data``; PostgreSQL's stored search columns ``faq_fts_all``/``faq_fts_q`` and
#: their index ``faq_fts_gin``):
#: autogenerate and the schema comparison leave them alone.
UNMAPPED_TABLE_PREFIXES: tuple[str, ...] = ("faq_fts",)


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """Alembic ``include_name``: skip the unmapped search tables and indexes."""
    if name is None or type_ not in ("table", "index", "column"):
        return True
    return not name.startswith(UNMAPPED_TABLE_PREFIXES)


def version_locations() -> list[Path]:
    """The core's versions folder, then each feature's ``migrations`` folder that exists."""
    locations = [MIGRATIONS_DIR / "versions"]
    for name in FEATURES:
        spec = importlib.util.find_spec(name)
        if spec is None or not spec.submodule_search_locations:
            continue
        candidate = Path(next(iter(spec.submodule_search_locations))) / "migrations"
        if candidate.is_dir() and candidate != MIGRATIONS_DIR:
            locations.append(candidate)
    return locations


def alembic_config(url: str = ""):  # type: ignore[no-untyped-def]
    """An Alembic Config for this project (also usable from the ``alembic`` API for new revisions)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("path_separator", "os")
    config.set_main_option("version_locations", os.pathsep.join(str(p) for p in version_locations()))
    if url:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(engine: Engine) -> None:
    """``alembic upgrade heads`` on ``engine``'s database."""
    import logging

    from alembic import command

    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
    config = alembic_config()
    with engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _PG_LOCK_KEY})
            conn.commit()
        try:
            config.attributes["connection"] = conn
            command.upgrade(config, "heads")
            conn.commit()
        finally:
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _PG_LOCK_KEY})
                conn.commit()


def current_heads(engine: Engine) -> set[str]:
    """Revisions the database is at (empty for a fresh database)."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return set(MigrationContext.configure(conn).get_current_heads())
