"""A real Mosquitto with the hub's generated password file and ACL: a device speaks only for itself."""

from __future__ import annotations

import shutil

import pytest

from hub.provisioning.broker_auth import DeviceGrant, ServiceAccount, hash_password, new_password
from hub.provisioning.broker_files import BrokerFiles
from onestop.processes import Mosquitto
from tests.environment import unavailable
from tests.hub.provisioning.mqtt_probe import Probe
from wire import topics

pytestmark = pytest.mark.mosquitto
SITE = "taipei-1"


def _drain_until(probe: Probe, marker: bytes, timeout: float = 5.0) -> list[tuple[str, bytes]]:
    got = []
    while True:
        topic, payload = probe.messages.get(timeout=timeout)
        got.append((topic, payload))
        if payload == marker:
            return got


@pytest.fixture
def secured(tmp_path):
    if shutil.which("mosquitto") is None:
        unavailable("mosquitto is not installed")
    files = BrokerFiles(tmp_path / "passwd", tmp_path / "acl")
    hub_pw, k1_pw, k2_pw = new_password(), new_password(), new_password()
    services = [ServiceAccount("hub", hash_password(hub_pw))]
    devices = {
        "kiosk-1": DeviceGrant("kiosk-1", hash_password(k1_pw), SITE, "kiosk-1"),
        "kiosk-2": DeviceGrant("kiosk-2", hash_password(k2_pw), SITE, "kiosk-2"),
    }
    files.write(devices.values(), services)
    broker = Mosquitto(
        workdir=tmp_path / "broker",
        # Running as root, Mosquitto drops to user "mosquitto", which cannot enter pytest's 0700 tmp dirs.
        extra_config=f"user root\npassword_file {files.password_path}\nacl_file {files.acl_path}\n",
    ).start()
    files.reload = broker.reload
    probes: list[Probe] = []

    def probe(user: str, password: str, client_id: str | None = None) -> Probe:
        p = Probe(broker.port, user, password, client_id)
        probes.append(p)
        return p

    try:
        yield {
            "files": files,
            "services": services,
            "devices": devices,
            "probe": probe,
            "pw": {"hub": hub_pw, "kiosk-1": k1_pw, "kiosk-2": k2_pw},
            "broker": broker,
        }
    finally:
        for p in probes:
            p.close()
        broker.stop()


def test_device_publishes_as_itself_and_cannot_speak_for_another(secured):
    """GIVEN generated files WHEN kiosk-1 publishes on its own and on kiosk-2's topic THEN only its own arrives."""
    hub = secured["probe"]("hub", secured["pw"]["hub"])
    assert hub.connect()
    hub.subscribe(f"{topics.ROOT}/#")
    k1 = secured["probe"]("kiosk-1", secured["pw"]["kiosk-1"])
    assert k1.connect()
    k1.publish(topics.event(SITE, "kiosk-1", "device.alarm"), b"own")
    k1.publish(topics.event(SITE, "kiosk-2", "device.alarm"), b"spoofed")
    k1.publish(topics.command(SITE, "kiosk-2", "rebirth"), b"spoofed-command")
    k1.publish(topics.event(SITE, "kiosk-1", "device.alarm"), b"marker")
    got = _drain_until(hub, b"marker")
    assert [p for _, p in got] == [b"own", b"marker"]
    # And kiosk-1 may not even listen to kiosk-2's commands.
    k1.subscribe(topics.device_subscriptions(SITE, "kiosk-2")[1])
    hub.publish(topics.command(SITE, "kiosk-2", "rebirth"), b"for-kiosk-2")
    k1.subscribe(topics.device_subscriptions(SITE, "kiosk-1")[1])
    hub.publish(topics.command(SITE, "kiosk-1", "rebirth"), b"for-kiosk-1")
    assert k1.messages.get(timeout=5) == (topics.command(SITE, "kiosk-1", "rebirth"), b"for-kiosk-1")
    assert k1.messages.empty()


def test_wrong_password_and_unknown_user_are_refused(secured):
    assert not secured["probe"]("kiosk-1", secured["pw"]["kiosk-2"]).connect()
    assert not secured["probe"]("kiosk-9", "whatever").connect()


def test_reprovisioned_device_old_password_refused_after_reload(secured):
    """GIVEN kiosk-1 re-provisioned WHEN files are rewritten and the broker reloads THEN only the new login works."""
    old = secured["pw"]["kiosk-1"]
    still_connected = secured["probe"]("kiosk-1", old)  # e.g. a stolen login in use right now
    assert still_connected.connect()
    new = new_password()
    devices = dict(secured["devices"])
    devices["kiosk-1"] = DeviceGrant("kiosk-1", hash_password(new), SITE, "kiosk-1")
    secured["files"].write(devices.values(), secured["services"])
    # SIGHUP is asynchronous: wait until the broker has re-read the files.
    for _ in range(50):
        probe = secured["probe"]("kiosk-1", new)
        if probe.connect():
            break
        probe.close()
    else:
        pytest.fail("the new password was never accepted")
    assert not secured["probe"]("kiosk-1", old).connect()
    assert still_connected.disconnected.wait(5), "the broker kept a session of the revoked login"
    assert secured["probe"]("kiosk-2", secured["pw"]["kiosk-2"]).connect()


def test_bad_entry_changes_no_file(secured):
    files = secured["files"]
    before = (files.password_path.read_text(), files.acl_path.read_text())
    bad = DeviceGrant("kiosk 3", hash_password("x"), SITE, "kiosk-3")
    with pytest.raises(ValueError, match="not usable"):
        files.write([*secured["devices"].values(), bad], secured["services"])
    assert (files.password_path.read_text(), files.acl_path.read_text()) == before
