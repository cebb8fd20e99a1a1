"""A paper-out on a real kiosk reaches the supervisor's devices view in Chromium within 2 s, every part real:
a private Mosquitto, the hub as a process (``onestop hub serve``), an edge agent whose receipt printer
component talks ESC/POS to an emulated printer on a socat pty, and headless Chromium on /staff/devices."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from edge_agent.agent import Agent
from edge_agent.config import config_from_mapping
from hub.db.session import make_engine, make_session_factory
from hub.features import load_features
from hub.staff.accounts import create_user
from onestop.dev.printer_emulator import PrinterEmulator
from onestop.dev.ptys import PtyPair
from onestop.processes import Mosquitto
from tests.hub.serving import HubProcess
from tests.migrated import MigratedTemplates

pytestmark = [pytest.mark.slow, pytest.mark.mosquitto]
SITE = "tc-xitun"
LIMIT_S = 2.0


class Rig:
    def __init__(self, workdir: Path, broker: Mosquitto, migrated: MigratedTemplates) -> None:
        db_url = f"sqlite:///{workdir / 'hub.db'}"
        load_features()
        migrated.fill(db_url)  # a copy of the migrated template (tests/migrated.py)
        engine = make_engine(db_url)
        with make_session_factory(engine)() as session, session.begin():
            self.token = create_user(session, "wang.super", "supervisor", "王主任")
        engine.dispose()
        self.hub = HubProcess(db_url, broker.url, workdir).start()
        self.url = f"http://127.0.0.1:{self.hub.port}"
        self.pty = PtyPair(workdir / "tty", "printer").start()
        self.printer = PrinterEmulator(self.pty.device).start()
        config = config_from_mapping({
            "device_id": "kiosk-xitun-01", "site": SITE, "kind": "kiosk", "broker": {"url": broker.url},
            "data_dir": str(workdir / "agent"), "api": {"port": 0}, "ack_timeout": 2,
            "backoff": {"min": 0.1, "max": 0.5}, "health_interval": 60,
            "components": {"printer": {"serial": {"port": str(self.pty.host)}}},
        })  # fmt: skip
        self.agent = Agent(config)
        self.agent.add_configured_components()
        self.agent.start(api=False)

    def paper(self, rows: int | None) -> None:
        with self.printer.lock:
            self.printer.machine.paper_rows = rows

    def stop(self) -> None:
        self.agent.stop()
        self.printer.stop()
        self.pty.stop()
        self.hub.stop()


@pytest.fixture
def rig(tmp_path: Path, mosquitto: Mosquitto, migrated: MigratedTemplates) -> Iterator[Rig]:
    rig = Rig(tmp_path, mosquitto, migrated)
    try:
        yield rig
    finally:
        rig.stop()


def sign_in(browser: Any, rig: Rig) -> Any:
    page = browser.new_context(locale="zh-TW", viewport={"width": 1280, "height": 800}).new_page()
    page.goto(f"{rig.url}/staff/login")
    page.fill("#token", rig.token)
    page.click("main button[type=submit]")
    page.wait_for_url("**/staff/cases")
    return page


def test_paper_out_shows_on_the_devices_view_within_2_s_and_clears(
    rig: Rig, browser: Any, tmp_path: Path
) -> None:
    """GIVEN a supervisor watching the office's devices and a working kiosk WHEN its receipt printer runs out
    of paper THEN within 2 s the kiosk's row turns faulty and says 缺紙, without reloading the page; WHEN the
    roll is refilled THEN the row is working again."""
    page = sign_in(browser, rig)
    page.goto(f"{rig.url}/staff/devices?site={SITE}")
    row = "tr[data-device='kiosk-xitun-01']"
    page.wait_for_selector(f"{row}[data-status='ok']", timeout=20_000)  # the agent's birth and first health
    page.wait_for_selector("#live.ok", timeout=5_000)  # the stream is open
    marker = page.evaluate("() => (window.__notReloaded = true)")
    assert marker is True

    started = time.monotonic()
    rig.paper(0)
    page.wait_for_selector(f"{row}[data-status='fault']", timeout=10_000)
    elapsed = time.monotonic() - started
    text = page.inner_text(f"{row} td.problems")
    page.screenshot(path=str(tmp_path / "paper-out.png"), full_page=True)
    print(f"paper-out on the devices view after {elapsed:.2f} s")
    assert elapsed < LIMIT_S, f"the paper-out took {elapsed:.2f} s to show (limit {LIMIT_S} s)"
    assert "收據印表機" in text and "缺紙" in text
    assert page.evaluate("() => window.__notReloaded") is True  # pushed live, not by a reload
    assert "(1)" in page.title()

    rig.paper(None)
    page.wait_for_selector(f"{row}[data-status='ok']", timeout=10_000)
    assert page.inner_text(f"{row} td.problems").strip() == "—"
