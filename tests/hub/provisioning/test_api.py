"""Provisioning over HTTP: enrol, claim (once, before expiry), pickup (once), re-provision after a reset."""

from __future__ import annotations

import hashlib
import secrets

import pytest
from fastapi.testclient import TestClient

from hub.api.app import create_app
from hub.core.config import Settings
from hub.db.session import make_session_factory
from hub.provisioning import service
from hub.provisioning.api import context_from_settings, technician
from hub.provisioning.broker_auth import verify_password
from wire import DeviceKind, now_ms
from wire.onboarding import Onboarding
from wire.payloads.provisioning import EnrolRequest

SITE = "taipei-1"


class _Tech:
    name = "tech-amy"


@pytest.fixture
def hub(tmp_path, hub_engine):
    settings = Settings(
        db_url=str(hub_engine.url),
        broker_url="mqtt://hub:hub-password-123@127.0.0.1:1883",
        mosquitto_password_file=str(tmp_path / "passwd"),
        mosquitto_acl_file=str(tmp_path / "acl"),
        device_broker_url="mqtt://broker.example:8883",
    )
    app = create_app(settings, engine=hub_engine)
    app.dependency_overrides[technician] = lambda: _Tech()
    with TestClient(app) as client:
        yield client, settings, tmp_path


def _enrol(client, device="kiosk-1", kind=DeviceKind.KIOSK):
    secret = secrets.token_urlsafe(24)
    body = {
        "device_id": device,
        "kind": kind.value,
        "pickup_hash": hashlib.sha256(secret.encode()).hexdigest(),
    }
    r = client.post("/api/v1/provisioning/enrol", json=body)
    assert r.status_code == 201, r.text
    ticket = r.json()
    return Onboarding(device, kind, ticket["claim_code"]), secret


def _pickup(client, device, secret):
    return client.get(f"/api/v1/provisioning/enrol/{device}", headers={"X-Pickup-Secret": secret})


def _password_line(tmp_path, user):
    for line in (tmp_path / "passwd").read_text().splitlines():
        if line.startswith(f"{user}:"):
            return line.split(":", 1)[1]
    return None


def test_claim_issues_credentials_once_and_the_code_only_once(hub):
    client, _, tmp_path = hub
    onboarding, secret = _enrol(client)
    assert _pickup(client, "kiosk-1", secret).status_code == 202  # nobody claimed it yet
    r = client.post(
        "/api/v1/provisioning/claims", json={"qr": onboarding.qr_text(), "site": SITE, "counter": "c3"}
    )
    assert r.status_code == 200, r.text
    assert r.json() == {
        "device_id": "kiosk-1",
        "kind": "kiosk",
        "site": SITE,
        "counter": "c3",
        "username": "kiosk-1",
        "reprovisioned": False,
    }
    again = client.post("/api/v1/provisioning/claims", json={"qr": onboarding.qr_text(), "site": SITE})
    assert again.status_code == 409
    assert "already used" in again.json()["detail"] and "factory-reset" in again.json()["detail"]

    creds = _pickup(client, "kiosk-1", secret)
    assert creds.status_code == 200
    body = creds.json()
    assert body["broker_url"] == "mqtt://broker.example:8883" and body["site"] == SITE
    assert verify_password(_password_line(tmp_path, "kiosk-1"), body["password"])
    assert "hub" in (tmp_path / "passwd").read_text()
    assert f"topic write onestop/v1/{SITE}/kiosk-1/evt/#" in (tmp_path / "acl").read_text()
    second = _pickup(client, "kiosk-1", secret)
    assert second.status_code == 410 and "already picked up" in second.json()["detail"]
    assert _pickup(client, "kiosk-1", "x" * 32).status_code == 404


def test_expired_code_is_refused_and_changes_nothing(hub, hub_engine):
    client, settings, tmp_path = hub
    secret = "s" * 32
    req = EnrolRequest(
        device_id="kiosk-2", kind=DeviceKind.KIOSK, pickup_hash=hashlib.sha256(secret.encode()).hexdigest()
    )
    with make_session_factory(hub_engine)() as s, s.begin():
        ticket = service.enrol(s, req, now_ms() - 16 * 60_000, context_from_settings(settings))
    qr = Onboarding("kiosk-2", DeviceKind.KIOSK, ticket.claim_code).qr_text()
    r = client.post("/api/v1/provisioning/claims", json={"qr": qr, "site": SITE})
    assert r.status_code == 410 and "expired at" in r.json()["detail"]
    assert not (tmp_path / "passwd").exists()
    assert _pickup(client, "kiosk-2", secret).status_code == 410


def test_factory_reset_device_is_reprovisioned_and_old_password_revoked(hub):
    client, _, tmp_path = hub
    first, secret1 = _enrol(client)
    client.post("/api/v1/provisioning/claims", json={"qr": first.qr_text(), "site": SITE})
    old_password = _pickup(client, "kiosk-1", secret1).json()["password"]
    # Factory reset: the device forgot everything and enrols again with a new pickup secret.
    second, secret2 = _enrol(client)
    r = client.post("/api/v1/provisioning/claims", json={"qr": second.qr_text(), "site": "taichung-2"})
    assert r.status_code == 200 and r.json()["reprovisioned"] is True
    new_password = _pickup(client, "kiosk-1", secret2).json()["password"]
    stored = _password_line(tmp_path, "kiosk-1")
    assert verify_password(stored, new_password) and not verify_password(stored, old_password)
    acl = (tmp_path / "acl").read_text()
    assert "onestop/v1/taichung-2/kiosk-1/" in acl and "onestop/v1/taipei-1/kiosk-1/" not in acl


def test_wrong_code_counts_and_bad_input_is_422(hub):
    client, _, _ = hub
    onboarding, _ = _enrol(client)
    wrong = "0000000000" if onboarding.claim_code != "0000000000" else "1111111111"
    bad = Onboarding("kiosk-1", DeviceKind.KIOSK, wrong)
    r = client.post(
        "/api/v1/provisioning/claims",
        json={"device_id": "kiosk-1", "manual_code": bad.manual_code, "site": SITE},
    )
    assert r.status_code == 403 and "4 tries left" in r.json()["detail"]
    r = client.post(
        "/api/v1/provisioning/claims",
        json={"device_id": "kiosk-1", "manual_code": bad.manual_code, "site": SITE},
    )
    assert "3 tries left" in r.json()["detail"]
    typo = client.post(
        "/api/v1/provisioning/claims", json={"qr": "OS1:KIOSK:KIOSK-1:12345678905", "site": SITE}
    )
    assert typo.status_code == 422 and "check digit" in typo.json()["detail"]
    unknown = client.post(
        "/api/v1/provisioning/claims",
        json={"qr": Onboarding("kiosk-9", DeviceKind.KIOSK, "1" * 10).qr_text(), "site": SITE},
    )
    assert unknown.status_code == 404 and "kiosk-9" in unknown.json()["detail"]


def test_claims_need_a_signed_in_technician(hub):
    client, _, _ = hub
    client.app.dependency_overrides.clear()
    onboarding, _ = _enrol(client)
    r = client.post("/api/v1/provisioning/claims", json={"qr": onboarding.qr_text(), "site": SITE})
    assert r.status_code == 401


GOOD_CONFIG = {
    "devices": [
        {
            "device": {"id": "kiosk-1", "site": SITE, "kind": "receipt_printer"},
            "receipt_printer": {"serial": {"port": "/dev/ttyUSB0"}},
        }
    ]
}


def test_config_push_to_offline_device_is_stored_and_shown_behind(hub):
    client, _, _ = hub
    onboarding, _ = _enrol(client)
    client.post("/api/v1/provisioning/claims", json={"qr": onboarding.qr_text(), "site": SITE})
    r = client.put("/api/v1/provisioning/devices/kiosk-1/config", json={"config": GOOD_CONFIG})
    assert r.status_code == 200 and r.json()["version"] == 1 and r.json()["command_id"] is None
    assert (
        client.put("/api/v1/provisioning/devices/kiosk-1/config", json={"config": GOOD_CONFIG}).json()[
            "version"
        ]
        == 2
    )
    rows = client.get("/api/v1/provisioning/fleet").json()
    assert [(r["device_id"], r["desired_version"], r["reported_version"], r["in_sync"]) for r in rows] == [
        ("kiosk-1", 2, 0, False)
    ]
    page = client.get("/provisioning/fleet")
    assert page.status_code == 200 and "<td class='config behind'>0 / 2" in page.text


def test_bad_config_or_unknown_device_changes_nothing(hub):
    client, _, _ = hub
    onboarding, _ = _enrol(client)
    client.post("/api/v1/provisioning/claims", json={"qr": onboarding.qr_text(), "site": SITE})
    other = {
        "devices": [
            {
                **GOOD_CONFIG["devices"][0],
                "device": {"id": "kiosk-2", "site": SITE, "kind": "receipt_printer"},
            }
        ]
    }
    r = client.put("/api/v1/provisioning/devices/kiosk-1/config", json={"config": other})
    assert r.status_code == 422 and "not 'kiosk-1'" in r.json()["detail"]
    r = client.put("/api/v1/provisioning/devices/kiosk-7/config", json={"config": GOOD_CONFIG})
    assert r.status_code == 422  # the file names kiosk-1
    assert client.get("/api/v1/provisioning/devices/kiosk-1/config").status_code == 404
    r = client.post("/api/v1/provisioning/devices/kiosk-1/commands/format_disk")
    assert r.status_code == 404 and "restart" in r.json()["detail"]


class FakeLink:
    """The hub's MQTT link at the seam: records what would be published."""

    connected = True

    def __init__(self) -> None:
        self.sent: list = []

    def send_command(self, site, device, body):
        self.sent.append((site, device, body.TYPE))
        return "c" * 32


def test_fleet_page_buttons_send_commands_to_online_devices_only(hub, hub_engine):
    from hub.devices.models import Device

    client, _, _ = hub
    link = FakeLink()
    client.app.state.hub_link = link
    with make_session_factory(hub_engine)() as s, s.begin():
        s.add(Device(id="kiosk-1", site=SITE, kind="kiosk", online=True, session=3, last_seen=now_ms()))
        s.add(Device(id="kiosk-2", site=SITE, kind="kiosk", online=False, session=1))
    page = client.get("/provisioning/fleet")
    assert "action='/provisioning/fleet/kiosk-1/reread_config'" in page.text
    assert "action='/provisioning/fleet/kiosk-2/" not in page.text  # no buttons for an offline device
    client.cookies.set("onestop_lang", "en")
    r = client.post("/provisioning/fleet/kiosk-1/reread_config")
    assert r.status_code == 200 and "Re-read config sent" in r.text  # followed the 303
    assert '<span translate="no">kiosk-1</span>' in r.text
    assert link.sent == [(SITE, "kiosk-1", "config.reread")]
    r = client.post("/provisioning/fleet/kiosk-2/restart")
    assert "Restart agent was not sent" in r.text and "device &#39;kiosk-2&#39; is offline" in r.text
    assert len(link.sent) == 1


def test_revoke_removes_the_login_from_the_broker_files(hub):
    client, _, tmp_path = hub
    onboarding, _ = _enrol(client)
    client.post("/api/v1/provisioning/claims", json={"qr": onboarding.qr_text(), "site": SITE})
    assert _password_line(tmp_path, "kiosk-1") is not None
    r = client.delete("/api/v1/provisioning/devices/kiosk-1/credentials")
    assert r.status_code == 200 and r.json() == {"device_id": "kiosk-1", "revoked": True}
    assert _password_line(tmp_path, "kiosk-1") is None and "kiosk-1" not in (tmp_path / "acl").read_text()
    assert _password_line(tmp_path, "hub") is not None
    assert client.delete("/api/v1/provisioning/devices/kiosk-1/credentials").status_code == 404
    # It can be provisioned again later, from a fresh code.
    again, _ = _enrol(client)
    r = client.post("/api/v1/provisioning/claims", json={"qr": again.qr_text(), "site": SITE})
    assert r.status_code == 200 and r.json()["reprovisioned"] is False


def test_enrolment_is_rate_limited_per_device(hub, monkeypatch):
    client, _, _ = hub
    monkeypatch.setattr(service, "MAX_ENROLMENTS_PER_HOUR", 3)
    for _ in range(3):
        _enrol(client, "kiosk-5")
    secret_hash = hashlib.sha256(b"x").hexdigest()
    r = client.post(
        "/api/v1/provisioning/enrol",
        json={"device_id": "kiosk-5", "kind": "kiosk", "pickup_hash": secret_hash},
    )
    assert r.status_code == 429 and "3 claim codes within the hour" in r.json()["detail"]
    _enrol(client, "kiosk-6")  # other devices are not affected


def test_claim_form_for_a_handheld_scanner(hub):
    client, _, _ = hub
    onboarding, _ = _enrol(client)
    assert "autofocus" in client.get("/provisioning/claim").text
    r = client.post(
        "/provisioning/claim", data={"qr": onboarding.qr_text() + "\n", "site": SITE, "counter": "c2"}
    )
    assert r.status_code == 200 and "裝置已認領" in r.text and "kiosk-1 → taipei-1 / c2" in r.text
    r = client.post("/provisioning/claim", data={"qr": onboarding.qr_text(), "site": SITE})
    assert "already used" in r.text and "class='error'" in r.text
    r = client.post("/provisioning/claim", data={"device_id": "kiosk-1", "manual_code": "1234", "site": SITE})
    assert "11 digits" in r.text


def test_a_technician_resolves_an_uncertain_print_job_from_the_hub(hub, hub_engine):
    """GIVEN an online kiosk whose printer left a job uncertain WHEN the technician answers it THEN the device
    gets ``printer.resolve_job``; a malformed job id or answer is refused and nothing is sent."""
    from hub.devices.models import Device

    client, _, _ = hub
    link = FakeLink()
    client.app.state.hub_link = link
    with make_session_factory(hub_engine)() as s, s.begin():
        s.add(Device(id="kiosk-1", site=SITE, kind="kiosk", online=True, session=3, last_seen=now_ms()))
    url = "/api/v1/provisioning/devices/kiosk-1/print-jobs/{}/resolve"
    r = client.post(url.format("a" * 32), json={"printed": True})
    assert r.status_code == 200 and link.sent == [(SITE, "kiosk-1", "printer.resolve_job")]
    assert client.post(url.format("not-a-job"), json={"printed": True}).status_code == 422
    assert client.post(url.format("a" * 32), json={"printed": "maybe"}).status_code == 422
    assert len(link.sent) == 1


def test_the_fleet_page_pages_100_devices_at_a_time(hub, hub_engine):
    """GIVEN 250 devices known to the hub WHEN staff open the fleet page THEN it shows 100 rows and the
    total, page 3 shows the last 50, a page past the end shows the last page, a bad page is a 422."""
    from sqlalchemy import insert

    from hub.devices.models import Device

    client, _, _ = hub
    rows = [{"id": f"sim-{i:05d}", "site": "sim", "online": i % 2 == 0} for i in range(1, 251)]
    with hub_engine.begin() as conn:
        conn.execute(insert(Device), rows)
    client.cookies.set("onestop_lang", "en")
    first = client.get("/provisioning/fleet")
    assert first.status_code == 200
    assert first.text.count("<tr class=") == 100 and "data-device='sim-00100'" in first.text
    assert "250 devices, 125 online" in first.text and "page 1 of 3" in first.text
    assert "href='/provisioning/fleet?page=2'" in first.text and "rel='prev'" not in first.text
    last = client.get("/provisioning/fleet?page=3")
    assert last.text.count("<tr class=") == 50 and "data-device='sim-00250'" in last.text
    assert "data-device='sim-00200'" not in last.text and "rel='next'" not in last.text
    assert client.get("/provisioning/fleet?page=99").text.count("<tr class=") == 50
    assert client.get("/provisioning/fleet?page=0").status_code == 422
