"""Staff browser tests use the hub's migrated-database fixtures."""

from tests.hub.conftest import hub_engine, sessions  # noqa: F401
