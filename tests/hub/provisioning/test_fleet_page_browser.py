"""The fleet page in real headless Chromium: a technician sees state, alarms and config versions, presses
"Re-read config", and sees the command's acknowledgement after the page refreshes itself."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import update

from hub.api.app import create_app
from hub.core.config import load_settings
from hub.db.session import make_engine, make_session_factory
from hub.devices.models import Command, Device
from hub.features import load_features
from hub.ingest.publisher import HubLink
from hub.provisioning import service
from hub.staff.accounts import create_user
from onestop.dev.hub_server import live_server
from wire import now_ms

pytestmark = pytest.mark.slow
HEALTH = {
    "components": {
        "receipt_printer": {"state": "error", "reason": "out of paper", "code": "paper_out"},
        "card_reader": {"state": "ok", "reason": ""},
    },
    "outbox": 0,
}


def test_technician_sends_a_command_and_sees_its_ack(sqlite_url, tmp_path: Path, browser, migrated):
    load_features()
    migrated.fill(sqlite_url)
    hub_engine = make_engine(sqlite_url)
    sessions = make_session_factory(hub_engine)
    published: list[tuple[str, bytes]] = []
    link = HubLink(lambda topic, payload: published.append((topic, payload)), sessions)
    with sessions() as s, s.begin():
        token = create_user(s, "amy.tech", "technician")
        s.add(
            Device(
                id="kiosk-7",
                site="taipei-1",
                kind="kiosk",
                online=True,
                session=4,
                last_seen=now_ms(),
                health=HEALTH,
                health_ts=now_ms(),
            )
        )
        service.set_desired(s, "kiosk-7", {"devices": []}, now_ms())
    app = create_app(load_settings(db_url=sqlite_url), engine=hub_engine, hub_link=link)
    with live_server(app) as url:
        context = browser.new_context()
        page = context.new_page()
        page.goto(f"{url}/staff/login")
        page.fill("input[name=token]", token)
        page.click("main button[type=submit]")
        page.wait_for_url("**/staff/**")
        page.goto(f"{url}/provisioning/fleet")
        row = page.locator("tr[data-device='kiosk-7']")
        # a faulty device looks unlike a working one: marked row, a word and a symbol, not colour alone
        assert "fault" in (row.get_attribute("class") or "").split()
        assert row.locator("td.state").inner_text() == "⚠ 故障"
        assert "receipt_printer：故障 (out of paper)" in row.locator("td.alarms").inner_text()
        assert row.locator("td.config").inner_text() == "0 / 1"
        assert "UTC" not in page.inner_text("main")
        row.locator("button:has-text('重新讀取設定')").click()
        page.wait_for_selector("p.notice")
        assert "已送出「重新讀取設定」" in page.inner_text("p.notice") and "kiosk-7" in page.inner_text(
            "p.notice"
        )
        assert published and published[0][0] == "onestop/v2/taipei-1/kiosk-7/cmd/config-reread"
        assert published[1][0] == "onestop/v1/taipei-1/kiosk-7/cmd/config.reread"  # migration window
        with sessions() as s, s.begin():  # the device's cmdack, as ingest records it
            s.execute(update(Command).values(status="done", detail="config version 1 is current"))
        page.wait_for_selector(
            "tr[data-device='kiosk-7'] b[data-status='done']", timeout=10_000
        )  # self-refresh
        page.screenshot(path=str(tmp_path / "fleet.png"), full_page=True)
        context.close()
    hub_engine.dispose()


def test_a_rolled_back_config_shows_its_reason_and_the_components_in_chromium(sqlite_url, browser, migrated):
    """GIVEN a device that rolled config 3 back to 2 THEN the technician reads why, in red, beside each
    component's state, and the page still says the device is behind."""
    load_features()
    migrated.fill(sqlite_url)
    hub_engine = make_engine(sqlite_url)
    sessions = make_session_factory(hub_engine)
    reason = "printer: printer port /dev/ttyUSB7 cannot be opened: No such file or directory"
    with sessions() as s, s.begin():
        token = create_user(s, "amy.tech", "technician")
        s.add(Device(id="kiosk-8", site="taipei-1", kind="kiosk", online=True, session=2, last_seen=now_ms(),
                     health={"components": {"printer": {"state": "ok", "reason": ""},
                                            "scanner": {"state": "error", "reason": "jammed"}}},
                     health_ts=now_ms()))  # fmt: skip
        for _ in range(3):
            service.set_desired(s, "kiosk-8", {"devices": []}, now_ms())
        service.record_reported(s, "kiosk-8", 2, now_ms(), {})
        service.record_rollback(s, "kiosk-8", 3, 2, reason, now_ms(), {})
    app = create_app(load_settings(db_url=sqlite_url), engine=hub_engine)
    with live_server(app) as url:
        context = browser.new_context()
        page = context.new_page()
        page.goto(f"{url}/staff/login")  # signing in gives the browser its short-lived staff session
        page.fill("input[name=token]", token)
        page.click("main button[type=submit]")
        page.wait_for_url("**/staff/**")
        page.goto(f"{url}/provisioning/fleet")
        row = page.locator("tr[data-device='kiosk-8']")
        assert row.locator("td.config").inner_text().startswith("2 / 3")
        alert = row.locator("td.config [role=alert]")
        assert "設定版本 3 已還原" in alert.inner_text() and reason in alert.inner_text()
        assert alert.evaluate("e => getComputedStyle(e).color") == "rgb(185, 28, 28)"  # red
        assert row.locator("td.components").inner_text().splitlines() == [
            "printer：正常",
            "scanner：故障 (jammed)",
        ]
        browser.close()
    hub_engine.dispose()
