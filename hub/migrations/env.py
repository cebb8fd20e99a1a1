"""Alembic environment: runs on the connection ``hub.db.migrate`` hands over (or on sqlalchemy.url)."""

from alembic import context

from hub.db.base import Base
from hub.db.migrate import include_name
from hub.features import load_features

load_features()  # every feature's tables join Base.metadata (for autogenerate)
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is None:
        from hub.db.session import make_engine

        engine = make_engine(context.config.get_main_option("sqlalchemy.url") or "")
        with engine.connect() as conn:
            _run(conn)
        engine.dispose()
    else:
        _run(connection)


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite cannot ALTER most things
        compare_type=True,
        include_name=include_name,  # full-text search tables built in raw SQL
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
