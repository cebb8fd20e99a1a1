"""Acceptance, end to end with real parts: Mosquitto with hub-generated logins/ACL, ``onestop hub serve``,
zeroconf on loopback, a real agent, and the technician's ``onestop ctl`` as a subprocess.

GIVEN a fresh agent WHEN it is discovered and provisioned from its QR code THEN it publishes with its own
login, cannot speak for another device, gets config pushed while it was offline, and after a factory reset
is re-provisioned with its old login refused.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
import urllib.request
from pathlib import Path

import pytest

from discovery import Browser
from edge_agent.config import config_from_mapping
from edge_agent.provisioning.runner import build_provisioned, ensure_provisioned
from edge_agent.provisioning.store import ProvisioningStore
from hub.provisioning.broker_auth import ServiceAccount, hash_password, new_password
from hub.provisioning.broker_files import BrokerFiles
from onestop.dev.printer_emulator import PrinterEmulator
from onestop.dev.ptys import PtyPair
from onestop.dev.waiting import wait_until
from onestop.processes import Mosquitto, free_port, running, wait_for_port
from tests.environment import unavailable
from tests.hub.provisioning.mqtt_probe import Probe
from wire import topics

pytestmark = [pytest.mark.mosquitto, pytest.mark.slow]
# Unique per run: several people may run this suite on one machine, and mDNS names are machine-wide.
SITE, DEVICE, HUB_ID = "taipei-1", f"kiosk-e2e-{os.getpid() % 100000}", f"hub-e2e-{os.getpid() % 100000}"
LOOPBACK = ["127.0.0.1"]


def onestop(*args: str, env: dict[str, str], timeout: float = 90) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "onestop.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def scan(qr_text: str) -> str:
    """Render the QR code as the kiosk would and read it back with zbar, as a technician's camera would."""
    import qrcode
    from pyzbar.pyzbar import decode

    image = qrcode.make(qr_text).get_image()
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    from PIL import Image

    return str(decode(Image.open(io.BytesIO(buf.getvalue())))[0].data.decode())


@pytest.fixture
def field(tmp_path: Path):
    if shutil.which("mosquitto") is None:
        unavailable("mosquitto is not installed")
    hub_pw = new_password()
    files = BrokerFiles(tmp_path / "passwd", tmp_path / "acl")
    files.write([], [ServiceAccount("hub", hash_password(hub_pw))])
    broker = Mosquitto(
        workdir=tmp_path / "broker",
        extra_config=f"user root\npassword_file {files.password_path}\nacl_file {files.acl_path}\n",
    ).start()
    http_port = free_port()
    env = {
        **os.environ,
        "ONESTOP_HUB_DB_URL": f"sqlite:///{tmp_path / 'hub.db'}",
        "ONESTOP_HUB_BROKER_URL": f"mqtt://127.0.0.1:{broker.port}",
        "ONESTOP_HUB_BROKER_USERNAME": "hub",
        "ONESTOP_HUB_BROKER_PASSWORD": hub_pw,
        "ONESTOP_HUB_HTTP_PORT": str(http_port),
        "ONESTOP_HUB_MOSQUITTO_PASSWORD_FILE": str(files.password_path),
        "ONESTOP_HUB_MOSQUITTO_ACL_FILE": str(files.acl_path),
        "ONESTOP_HUB_MOSQUITTO_RELOAD": f"kill -HUP {broker.proc.pid}",
    }
    added = onestop("hub", "user", "add", "tech-amy", "--role", "technician", env=env)
    assert added.returncode == 0, added.stderr
    env["ONESTOP_TOKEN"] = added.stdout.strip().splitlines()[-1]
    # serve announces itself (a background task of hub.provisioning)
    env.update(
        ONESTOP_HUB_ADVERTISE_NAME=HUB_ID,
        ONESTOP_HUB_ADVERTISE_INTERFACES="127.0.0.1",
        ONESTOP_HUB_ADVERTISE_TTL="5",
    )
    hub_cmd = [sys.executable, "-m", "onestop.cli", "hub", "serve"]
    with running(hub_cmd, env=env, log=tmp_path / "hub.log"):
        wait_for_port("127.0.0.1", http_port, 60)
        yield {
            "env": env,
            "hub": f"http://127.0.0.1:{http_port}",
            "broker": broker,
            "hub_pw": hub_pw,
            "tmp": tmp_path,
        }
    broker.stop()


class Device:
    """A kiosk agent started the provisioned way, in a thread (enrol -> wait for claim -> run)."""

    def __init__(self, tmp: Path, broker_port: int) -> None:
        self.config = config_from_mapping(
            {
                "device_id": DEVICE,
                "site": "unprovisioned",
                "kind": "kiosk",
                "broker": {"url": f"mqtt://127.0.0.1:{broker_port}"},
                "data_dir": str(tmp / "agent"),
                "api": {"port": free_port()},
                "health_interval": 1,
            }
        )
        self.shown: list = []
        self.agent = None
        self.advertiser = None
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            state = ensure_provisioned(
                self.config,
                interfaces=LOOPBACK,
                hub_id=HUB_ID,
                show=self.shown.append,
                poll_interval=0.3,
                timeout=60,
                advertise_ttl=5,
            )
            assert state is not None
            self.agent, self.advertiser = build_provisioned(
                self.config, state, interfaces=LOOPBACK, advertise_ttl=5, restart=lambda: None
            )
            self.agent.start(api=False)
            self.advertiser.start()
        except BaseException as exc:  # surfaced by the test
            self.error = exc

    def qr_text(self, timeout: float = 30) -> str:
        """What the kiosk screen shows, read from the device's local API as the kiosk does."""
        url = f"http://127.0.0.1:{self.config.api.port}/v1/provisioning/onboarding"

        def shown() -> str | None:
            if self.error is not None:
                raise AssertionError(
                    f"the device failed before showing a code ({self.error!r})"
                ) from self.error
            try:
                with urllib.request.urlopen(url, timeout=2) as resp:
                    return str(json.loads(resp.read())["qr_text"])
            except OSError:  # not listening yet, or 404 until the hub issued a code
                return None

        return wait_until(shown, timeout, "the device to show its provisioning code", step=0.1)

    def stop(self) -> None:
        self.thread.join(30)
        if self.advertiser is not None:
            self.advertiser.close()
        if self.agent is not None:
            self.agent.stop()


def _get(url: str, token: str) -> object:
    req = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(req, timeout=10) as resp:
        body = resp.read()
    return (
        body.decode()
        if url.endswith(".html") or ("/provisioning/fleet" in url and "/api/" not in url)
        else json.loads(body)
    )


def _refused_eventually(port: int, user: str, password: str, timeout: float = 10) -> None:
    def refused() -> bool:
        probe = Probe(port, user, password)
        ok = probe.connect()
        probe.close()
        return not ok

    wait_until(refused, timeout, f"the broker to refuse the login {user!r}", step=0.2)


def test_discover_provision_publish_config_and_reprovision(field, tmp_path, request):
    env, hub, broker = field["env"], field["hub"], field["broker"]
    token = env["ONESTOP_TOKEN"]
    device = Device(tmp_path, broker.port)
    qr = scan(device.qr_text())

    # Discovery: the technician sees the hub and the unprovisioned kiosk.
    found = onestop("ctl", "discover", "--wait", "4", "--interface", "127.0.0.1", env=env)
    assert found.returncode == 0, found.stderr
    assert DEVICE in found.stdout and f"hub    {HUB_ID}" in found.stdout, found.stdout
    mine = next(line for line in found.stdout.splitlines() if DEVICE in line)
    assert "UNPROVISIONED" in mine and found.stdout.strip().splitlines()[-1].startswith("Found ")
    assert "Listening 4 s" in found.stderr  # progress for a step over a second

    # Provisioning from the scanned QR text; the device comes online with its own login.
    done = onestop(
        "ctl",
        "provision",
        "--hub",
        hub,
        "--payload",
        qr,
        "--site",
        SITE,
        "--counter",
        "c1",
        "--wait",
        "30",
        env=env,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"{DEVICE} (kiosk) is provisioned for site {SITE}, counter c1" in done.stdout
    assert "is online (session" in done.stdout
    print(done.stdout, done.stderr)
    device.thread.join(30)
    assert device.error is None and device.agent is not None
    # ... and now advertises itself as provisioned.
    with Browser(interfaces=LOOPBACK) as browser:

        def advertised_provisioned() -> bool:
            mine = [f for f in browser.snapshot() if f.ad.id == DEVICE]
            return bool(mine) and mine[0].ad.provisioned

        wait_until(advertised_provisioned, 15, f"{DEVICE} to advertise itself as provisioned", step=0.2)

    # The same code again is refused with a clear message, and changes nothing.
    twice = onestop("ctl", "provision", "--hub", hub, "--payload", qr, "--site", SITE, "--wait", "0", env=env)
    assert twice.returncode == 1 and "already used" in twice.stderr

    # Publishing: the agent's events reach the hub; a spoofed publish with the same login is dropped.
    creds = ProvisioningStore(device.config.data_dir).load().credentials
    watcher = Probe(broker.port, "hub", field["hub_pw"])
    assert watcher.connect()
    watcher.subscribe(f"{topics.ROOT}/#")
    spoofer = Probe(broker.port, creds.username, creds.password)
    assert spoofer.connect()
    spoofer.publish(topics.event(SITE, "kiosk-other", "device.alarm"), b"spoofed")
    spoofer.publish(topics.state(SITE, "kiosk-other"), b"spoofed-birth")
    spoofer.publish(topics.event(SITE, DEVICE, "device.alarm"), b"marker")
    seen = []
    while not seen or seen[-1][1] != b"marker":
        seen.append(watcher.messages.get(timeout=10))
    assert all("kiosk-other" not in t for t, _ in seen), seen
    spoofer.close()
    watcher.close()

    # Config pushed while the device is offline arrives when it reconnects (and its printer must answer:
    # a config whose printer does not start is rolled back, see tests/e2e/provisioning).
    device.stop()
    printer_pty = PtyPair(tmp_path / "tty", "printer").start()
    emulator = PrinterEmulator(printer_pty.device).start()
    request.addfinalizer(printer_pty.stop)
    request.addfinalizer(emulator.stop)
    conf = tmp_path / "kiosk-e2e-printer.yaml"
    conf.write_text(
        f"device:\n  id: {DEVICE}\n  site: {SITE}\n  kind: receipt_printer\n"
        f"receipt_printer:\n  serial:\n    port: {printer_pty.host}\n"
    )
    pushed = onestop(
        "ctl", "config", "--hub", hub, "--device", DEVICE, "--file", str(conf), "--wait", "0", env=env
    )
    assert pushed.returncode == 0, pushed.stderr
    assert "config version 1 stored; the device is offline" in pushed.stdout
    back = Device(tmp_path, broker.port)
    back.thread.join(30)
    assert back.error is None

    def fleet_row() -> dict | None:
        rows = _get(f"{hub}/api/v1/provisioning/fleet", token)
        row = next(r for r in rows if r["device_id"] == DEVICE)
        return row if row["reported_version"] == 1 else None

    row = wait_until(fleet_row, 20, f"{DEVICE} to report config version 1", step=0.3)
    assert row["desired_version"] == 1 and row["reported_version"] == 1 and row["in_sync"]
    page = _get(f"{hub}/provisioning/fleet", token)
    assert "<td class='config sync'>1 / 1" in page
    fleet = onestop("ctl", "fleet", "--hub", hub, env=env)
    assert "config 1/1" in fleet.stdout and "0 with config behind" in fleet.stdout

    # A fleet command with its acknowledgement.
    cmd = onestop("ctl", "command", "--hub", hub, "--device", DEVICE, "reread_config", env=env)
    assert cmd.returncode == 0 and "reread_config done" in cmd.stdout, cmd.stdout + cmd.stderr

    # Factory reset, then re-provisioning without a manual delete; the old login stops working.
    back.stop()
    assert ProvisioningStore(back.config.data_dir).factory_reset()
    again = Device(tmp_path, broker.port)
    qr2 = scan(again.qr_text())
    assert qr2 != qr
    redo = onestop(
        "ctl", "provision", "--hub", hub, "--payload", qr2, "--site", SITE, "--wait", "30", env=env
    )
    assert redo.returncode == 0, redo.stdout + redo.stderr
    assert "its old login is revoked" in redo.stdout
    _refused_eventually(broker.port, creds.username, creds.password)
    again.thread.join(30)
    assert again.error is None
    # Reset devices start from config version 0 and catch up again.
    wait_until(
        lambda: again.agent.components[-1].version == 1,
        20,
        "the reset device to apply config version 1",
        step=0.2,
    )

    # Decommissioning (e.g. a stolen kiosk): its login stops working and its session is dropped.
    current = ProvisioningStore(again.config.data_dir).load().credentials
    revoked = onestop("ctl", "revoke", "--hub", hub, "--device", DEVICE, env=env)
    assert revoked.returncode == 0 and "broker login revoked" in revoked.stdout, revoked.stderr
    _refused_eventually(broker.port, current.username, current.password)
    wait_until(
        lambda: not again.agent.session.online,
        10,
        "the broker to drop the revoked device's session",
        step=0.2,
    )
    again.stop()
    with sqlite3.connect(tmp_path / "hub.db") as db:
        stored = db.execute(
            "select count(*) from events where device = ? and type = 'config.applied'", (DEVICE,)
        )
        assert stored.fetchone()[0] == 2
