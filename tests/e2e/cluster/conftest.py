"""The cluster tests' 3-node RabbitMQ boots in the background as soon as pytest has collected a session that
will run them, so its boot (20-50 s, one node after the other) overlaps the tests that run before them (in CI
tests/e2e/backbone, whose fleet re-birth test is the other half of the CI pair); the module's ``cluster``
fixture takes it over and waits for it. Stopped by PID when the module is done, or at the end of a session
that never got to it (-x, Ctrl-C)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.cluster.early import boot_early, release_all


def pytest_collection_finish(session: pytest.Session) -> None:
    here = Path(__file__).resolve().parent
    if session.config.option.collectonly:
        return
    if any(here in Path(str(item.path)).resolve().parents for item in session.items):
        boot_early()


def pytest_sessionfinish(session: pytest.Session) -> None:
    release_all()
