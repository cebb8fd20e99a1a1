"""One kiosk app per test session on a private Xvfb display (Kivy has one window per process)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kiosk.catalogue import CatalogueCache
from kiosk.headless import Xvfb, prepare_kivy_env
from kiosk.settings import KioskSettings
from onestop.dev.fake_agent import FakeAgent
from tests.environment import unavailable
from tests.kiosk.ui.helpers import kiosk_on

TECH_CODE = "2468"


@pytest.fixture(scope="session")
def _display(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not Xvfb.available():
        unavailable("Xvfb is not installed (apt-get install -y xvfb)")
    prepare_kivy_env(tmp_path_factory.mktemp("kivy-home"))
    with Xvfb() as display:
        yield display


@pytest.fixture(scope="session")
def _driver(_display: str) -> Any:
    """The session's one kiosk window on the private display; $DISPLAY is set only while it is created,
    so later tests (and programs they start) do not find a screen that is not theirs."""
    from kiosk.driver import KioskDriver

    old = os.environ.get("DISPLAY")
    os.environ["DISPLAY"] = _display
    try:
        # Frames are drawn only for screenshots (software GL is slow); touches and layout run every turn.
        settings = KioskSettings(technician_code=TECH_CODE, card_poll=0.2)
        return KioskDriver.start(settings, FakeAgent(), draw=False)
    finally:
        if old is None:
            os.environ.pop("DISPLAY", None)
        else:
            os.environ["DISPLAY"] = old


@pytest.fixture
def agent() -> FakeAgent:
    return FakeAgent()


@pytest.fixture
def kiosk(_driver: Any, agent: FakeAgent, tmp_path: Path) -> Iterator[Any]:
    """The driver, its app reset onto a fresh fake agent, zh-TW, real clock, 1280×800."""
    yield from kiosk_on(_driver, agent, CatalogueCache(tmp_path / "catalogue.json"))
