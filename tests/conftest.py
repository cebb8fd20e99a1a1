"""Fixtures shared by the whole suite: private brokers and databases on free ports, never the standard ones."""

from __future__ import annotations

import functools
import importlib.util
import os
import secrets
import signal
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from onestop.dev.chromium import CHROMIUM, chromium
from onestop.processes import Mosquitto
from tests.environment import unavailable
from tests.migrated import MigratedTemplates

# Plugins, each only where its libraries are installed (an app's own venv in scripts/test-apps lacks the
# others; a test asking for a missing plugin's fixture fails as "fixture not found"):
# dev_pki, pcscd (one per test session) and insert_card need `cryptography`; the kiosk's one session window
# (tests/kiosk/ui and tests/e2e/kiosk share it: Kivy has one window per process) needs Kivy.
pytest_plugins = [
    *(["onestop.dev.fixtures"] if importlib.util.find_spec("cryptography") else []),
    *(["tests.kiosk.ui.fixtures"] if importlib.util.find_spec("kivy") else []),
]

# Every `onestop hub serve` a test starts runs with real random keys (a hub refuses the demo ones).
for _key in ("ONESTOP_HUB_LIGHT_ID_KEY", "ONESTOP_HUB_ENROLMENT_ID_KEY", "ONESTOP_HUB_QUERY_PASSWORD_KEY"):
    os.environ.setdefault(_key, secrets.token_urlsafe(32))

# Hypothesis checks how long each example takes (a 200 ms deadline, "input generation is slow"): on a loaded
# 2-core CI machine that fails a property that holds (test_printed's single-digit property once took 4.8 s to
# generate). Speed is for benchmarks; the properties here are about correctness, so no timing checks.
if importlib.util.find_spec("hypothesis"):
    from hypothesis import HealthCheck, settings

    settings.register_profile(
        "onestop", deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
    )
    settings.load_profile("onestop")

# A suite started from a background job (`bash scripts/test &`, some CI runners) inherits SIGINT ignored, and so
# does every process it starts: a test that stops `onestop demo` or `ctl discover` with Ctrl-C would then wait
# for nothing. Take Ctrl-C back as a terminal has it; the processes the tests start get the default again.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)

PG_ADMIN_URL = os.environ.get("ONESTOP_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")


@pytest.fixture
def mosquitto(tmp_path: Path) -> Iterator[Mosquitto]:
    """A private Mosquitto (persistence off) on a free port; ``.kill()`` and ``.start()`` for crash tests."""
    broker = Mosquitto(workdir=tmp_path / "mosquitto")
    broker.start()
    try:
        yield broker
    finally:
        broker.stop()


@functools.cache
def _pg_available() -> bool:
    try:
        import psycopg

        with psycopg.connect(PG_ADMIN_URL, connect_timeout=2):
            return True
    except Exception:
        return False


@pytest.fixture
def pg_url(request: pytest.FixtureRequest, migrated: MigratedTemplates) -> Iterator[str]:
    """A fresh PostgreSQL database (SQLAlchemy URL), dropped afterwards. Empty, except for a test that also
    asks for ``hub_engine``: that one's is made straight from the migrated template (tests/migrated.py)."""
    if not _pg_available():
        unavailable(f"PostgreSQL is not reachable at {PG_ADMIN_URL}")
    name = f"onestop_test_{uuid.uuid4().hex[:12]}"
    migrated.create_pg(name, migrated="hub_engine" in request.fixturenames)
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    finally:
        migrated.drop_pg_later(name)


@pytest.fixture(scope="session")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MigratedTemplates]:
    """The hub's migrations, run once per test process and dialect; ``migrated.fill(url)`` copies them into a
    test's new database (tests/migrated.py)."""
    templates = MigratedTemplates(tmp_path_factory.mktemp("migrated"), PG_ADMIN_URL)
    try:
        yield templates
    finally:
        templates.close()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'hub.db'}"


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request: pytest.FixtureRequest) -> str:
    """Runs the test once on SQLite and once on PostgreSQL."""
    name = "sqlite_url" if request.param == "sqlite" else "pg_url"
    return str(request.getfixturevalue(name))


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Debian Chromium (a Playwright ``Browser``) shared by one test module."""
    if not CHROMIUM.exists():
        unavailable("Debian chromium is not installed (scripts/setup installs it)")
    with chromium() as browser:
        yield browser


@pytest.fixture(scope="session")
def sane_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The private SANE config of this test process, enabling the pnm and test backends (Debian disables test).

    One per process, shared by every test that scans in-process: SANE reads SANE_CONFIG_DIR once and caches it.
    """
    from edge_agent.devices.scanner.driver import private_sane_config

    return private_sane_config(tmp_path_factory.mktemp("sane"))
