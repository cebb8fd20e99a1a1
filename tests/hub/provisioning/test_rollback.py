"""A configuration the device rolled back: recorded with its reason, shown on the fleet page, not pushed again.

Runs on SQLite and PostgreSQL through the migrations (``hub_engine``); the device side is
tests/edge_agent/provisioning/test_apply.py and the whole path tests/e2e/provisioning/.
"""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from hub.api.app import create_app
from hub.core.config import Settings
from hub.provisioning import service
from hub.provisioning.fleet import fleet_rows
from hub.provisioning.models import DeviceCredential
from hub.provisioning.push import DeviceConfigView, pushes_due
from hub.staff.accounts import create_user

CONFIG: dict[str, list[object]] = {"devices": []}
REASON = "printer: printer port /dev/ttyUSB7 cannot be opened: <No such file>"
OK = {"printer": {"state": "ok", "reason": ""}}


def test_a_rollback_is_kept_with_its_reason_and_shown_until_a_newer_version_applies(
    hub_engine: Engine, sessions: sessionmaker[Session]
) -> None:
    with sessions() as s, s.begin():
        token = create_user(s, "amy.tech", "technician")
        s.add(DeviceCredential(device_id="kiosk-1", username="kiosk-1", password_hash="x", site="taipei-1",
                               counter="c1", kind="kiosk", generation=1, issued_at=900))  # fmt: skip
        for _ in range(3):
            service.set_desired(s, "kiosk-1", CONFIG, 1000)
        service.record_reported(s, "kiosk-1", 2, 1100, OK)
        service.record_rollback(s, "kiosk-1", 3, 2, REASON, 1200, OK)
    with sessions() as s:
        [row] = fleet_rows(s, 1300)
    assert (row.applied_version, row.desired_version, row.rolled_back_version) == (2, 3, 3)
    assert row.rollback_reason == REASON and row.components["printer"].state == "ok"
    assert row.as_json()["rollback_reason"] == REASON
    app = create_app(Settings(db_url=str(hub_engine.url)), engine=hub_engine)
    with TestClient(app, headers={"Authorization": f"Bearer {token}"}) as client:
        page = client.get("/provisioning/fleet").text
        assert "設定版本 3 已還原" in page and "&lt;No such file&gt;" in page  # escaped, never raw HTML
        assert "<td class='config behind'>2 / 3" in page and "printer</span>：正常" in page
        detail = client.get("/api/v1/provisioning/devices/kiosk-1/config").json()
        assert (detail["applied_version"], detail["rolled_back_version"]) == (2, 3)
        assert detail["rollback_reason"] == REASON and detail["applied_health"] == OK

        with sessions() as s, s.begin():
            service.set_desired(s, "kiosk-1", CONFIG, 1400)
            service.record_reported(s, "kiosk-1", 4, 1500, OK)
        with sessions() as s:
            [row] = fleet_rows(s, 1600)
        assert row.in_sync and row.rolled_back_version is None and row.rollback_reason == ""
        assert "已還原" not in client.get("/provisioning/fleet").text


def test_a_rolled_back_version_is_not_pushed_again_but_a_newer_one_is() -> None:
    view = DeviceConfigView("k1", "s1", 7, 2, 1000, 3, 2, 1100, rolled_back_version=3)
    assert pushes_due([view], {}) == []
    newer = DeviceConfigView("k1", "s1", 7, 2, 1000, 4, 2, 1100, rolled_back_version=3)
    assert pushes_due([newer], {}) == [newer]
