"""End to end by touch: the Kivy kiosk, a real edge agent (printer on a pty, forms, SANE scanner) and the real
hub (``onestop hub serve`` on SQLite) on a private Mosquitto. The hub stores the case; the kiosk's progress
query is answered by the hub from what it stored."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kiosk.agent_client import HttpAgentClient
from onestop.processes import Mosquitto
from tests.hub.serving import HubProcess
from tests.kiosk.real_agent import Rig, hub_catalogue_cache, start_rig
from tests.kiosk.ui.helpers import NATIONAL_ID, kiosk_on, submit_application

pytestmark = [pytest.mark.mosquitto, pytest.mark.slow]


@pytest.fixture
def hub(mosquitto: Mosquitto, tmp_path: Path) -> Iterator[HubProcess]:
    process = HubProcess(f"sqlite:///{tmp_path / 'hub.db'}", mosquitto.url, tmp_path).start(timeout=60)
    try:
        yield process
    finally:
        process.stop()


@pytest.fixture
def rig(mosquitto: Mosquitto, hub: HubProcess, tmp_path: Path) -> Iterator[Rig]:
    yield from start_rig(mosquitto, tmp_path, fake_hub=False)


@pytest.fixture
def real_kiosk(_driver: Any, rig: Rig, tmp_path: Path) -> Iterator[Any]:
    yield from kiosk_on(_driver, HttpAgentClient(rig.url), hub_catalogue_cache(tmp_path / "kiosk"))


def test_light_application_stored_by_the_hub_and_queried_back(real_kiosk: Any, rig: Rig) -> None:
    kiosk = real_kiosk
    kiosk.tap(kiosk.find("light_id"))
    kiosk.type_keys(NATIONAL_ID + "0540312")
    kiosk.tap(kiosk.find("submit"))
    kiosk.wait_until(lambda: kiosk.app.current == "catalogue", timeout=20)
    case_no, password = submit_application(kiosk, "SW-PARKING-PERMIT")
    kiosk.wait_until(lambda: len(rig.printer.machine.complete_sheets) >= 1, timeout=20)  # the 受理憑單
    kiosk.tap(kiosk.find("finish"))
    kiosk.wait_until(lambda: kiosk.app.current == "welcome")

    kiosk.tap(kiosk.find("progress"))
    kiosk.type_keys(case_no.replace("-", ""))
    kiosk.tap(kiosk.find("password"))
    kiosk.type_keys(password)
    deadline = time.monotonic() + 30
    while True:  # the hub stores the case when the agent's event arrives; ask until it has
        kiosk.tap(kiosk.find("submit"))
        kiosk.wait_until(lambda: bool(kiosk.screen.result) or kiosk.screen.error is not None, timeout=20)
        if kiosk.screen.result or time.monotonic() > deadline:
            break
        kiosk.wait(1.0)
    result = kiosk.find("result").text
    assert case_no in result and "身心障礙" in result, (result, kiosk.screen.error)
