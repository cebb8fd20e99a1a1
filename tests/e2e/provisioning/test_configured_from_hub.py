"""Acceptance (issue 12, item 4): a kiosk provisioned from the hub gets its peripherals from the hub.

Real parts: Mosquitto with the hub's generated password file and ACL, ``onestop hub serve`` and
``onestop agent run --provision`` as processes, receipt printers on socat ptys with the printer emulator on
the far end (bytes read off the pty), and SANE's ``test`` backend as the scanner.

GIVEN an unprovisioned kiosk whose agent.yaml has ``components: {}`` WHEN a technician claims it and pushes a
config with a printer and a scanner THEN it prints a test receipt; WHEN a second config moves the printer to
another port while 200 events and a print job are queued THEN every event is stored once and the job prints
once, on the new port; WHEN a third config names a port that does not exist THEN it is rolled back, the old
printer still prints and the fleet page shows why; after a restart without the broker the peripherals are back.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pytest
import yaml

from hub.provisioning.broker_auth import ServiceAccount, hash_password, new_password
from hub.provisioning.broker_files import BrokerFiles
from onestop.dev.printer_emulator import PrinterEmulator
from onestop.dev.ptys import PtyPair
from onestop.dev.waiting import wait_until as shared_wait_until
from onestop.processes import Mosquitto, free_port, running, wait_for_port
from tests.environment import unavailable

pytestmark = [pytest.mark.mosquitto, pytest.mark.slow]
SITE = "taoyuan-1"
DEVICE = f"kiosk-cfg-{os.getpid() % 100000}"
MISSING_PORT = "/dev/ttyONESTOP-not-plugged"


#: Everything here crosses processes and a broker on a busy machine: 30 s unless a step says otherwise.
wait_until = partial(shared_wait_until, timeout=30.0, step=0.05)


def call(url: str, method: str = "GET", body: Any = None, token: str | None = None) -> tuple[int, Any]:
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(req, timeout=15) as resp:
            raw, status, kind = resp.read(), resp.status, resp.headers.get("Content-Type", "")
    except urllib.error.HTTPError as exc:
        raw, status, kind = exc.read(), exc.code, exc.headers.get("Content-Type", "")
    except OSError:
        return 0, None
    return status, (json.loads(raw) if "json" in kind else raw.decode())


def printer_file(port: str) -> dict[str, Any]:
    return {
        "device": {"id": DEVICE, "site": SITE, "kind": "receipt_printer"},
        "receipt_printer": {"serial": {"port": port}, "paper_width": 80, "dots": 576},
    }


SCANNER_FILE = {
    "device": {"id": DEVICE, "site": SITE, "kind": "scanner"},
    "scanner": {"device": "test:0", "resolution": 75, "source": "Automatic Document Feeder"},
}


class Printer:
    """A socat pty pair with the printer emulator on its device end."""

    def __init__(self, tmp: Path, name: str) -> None:
        self.pty = PtyPair(tmp / "tty", name).start()
        self.emulator = PrinterEmulator(self.pty.device).start()

    @property
    def port(self) -> str:
        return str(self.pty.host)

    def sheets(self) -> list[bytes]:
        with self.emulator.lock:
            return list(self.emulator.machine.complete_sheets)

    def stop(self) -> None:
        self.emulator.stop()
        self.pty.stop()


class Rig:
    def __init__(
        self, tmp: Path, broker: Mosquitto, hub: str, token: str, hub_db: Path, hub_pid: int
    ) -> None:
        self.tmp, self.broker, self.hub, self.token, self.hub_db = tmp, broker, hub, token, hub_db
        self.hub_pid = hub_pid
        self.api_port = free_port()
        self.agent_yaml = tmp / "agent.yaml"
        self.agent_yaml.write_text(
            yaml.safe_dump(
                {
                    "device_id": DEVICE,
                    "site": "unprovisioned",
                    "kind": "kiosk",
                    "broker": {"url": "mqtt://127.0.0.1:1"},  # replaced by the login the hub issues
                    "data_dir": str(tmp / "agent-data"),
                    "api": {"port": self.api_port},
                    "health_interval": 1,
                    "ack_timeout": 2,
                    "components": {},
                }
            )
        )
        sane = tmp / "sane"
        sane.mkdir()
        (sane / "dll.conf").write_text("test\n")
        self.agent_env = {"SANE_CONFIG_DIR": str(sane)}

    @property
    def agent_url(self) -> str:
        return f"http://127.0.0.1:{self.api_port}"

    def agent_cmd(self) -> list[str]:
        return [sys.executable, "-m", "onestop.cli", "agent", "run", "--provision", "--config",
                str(self.agent_yaml), "--hub", self.hub, "--interface", "127.0.0.1"]  # fmt: skip

    def row(self) -> dict[str, Any] | None:
        status, rows = call(f"{self.hub}/api/v1/provisioning/fleet", token=self.token)
        assert status == 200, rows
        return next((r for r in rows if r["device_id"] == DEVICE), None)

    def push(self, *files: dict[str, Any]) -> int:
        status, out = call(
            f"{self.hub}/api/v1/provisioning/devices/{DEVICE}/config", "PUT",
            {"config": {"devices": list(files)}}, self.token,
        )  # fmt: skip
        assert status == 200, out
        return int(out["version"])

    def stored_events(self, type_name: str) -> list[str]:
        with sqlite3.connect(self.hub_db) as db:
            rows = db.execute("select id from events where device = ? and type = ?", (DEVICE, type_name))
            return [r[0] for r in rows]


@pytest.fixture
def rig(tmp_path: Path) -> Iterator[Rig]:
    for tool in ("mosquitto", "socat", "scanimage"):
        if shutil.which(tool) is None:
            unavailable(f"{tool} is not installed: run scripts/setup")
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
        "ONESTOP_HUB_ADVERTISE": "false",
    }
    added = subprocess.run(
        [sys.executable, "-m", "onestop.cli", "hub", "user", "add", "tech-lin", "--role", "technician"],
        env=env, capture_output=True, text=True, timeout=90,
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    token = added.stdout.strip().splitlines()[-1]
    hub_cmd = [sys.executable, "-m", "onestop.cli", "hub", "serve"]
    with running(hub_cmd, env=env, log=tmp_path / "hub.log") as hub:
        wait_for_port("127.0.0.1", http_port, 60)
        yield Rig(tmp_path, broker, f"http://127.0.0.1:{http_port}", token, tmp_path / "hub.db", hub.pid)
    broker.stop()


def test_a_kiosk_claimed_from_the_hub_gets_its_printer_and_scanner_from_the_hub(rig: Rig) -> None:
    old, new = Printer(rig.tmp, "printer-a"), Printer(rig.tmp, "printer-b")
    agent_log = rig.tmp / "agent.log"
    try:
        with running(rig.agent_cmd(), env=rig.agent_env, log=agent_log) as agent:
            # Unprovisioned: the kiosk screen shows the code; the technician claims it with the QR text.
            def onboarding() -> Any:
                status, body = call(f"{rig.agent_url}/v1/provisioning/onboarding")
                return body if status == 200 else None

            qr = wait_until(onboarding, what="the onboarding code on the kiosk screen")["qr_text"]
            status, claimed = call(f"{rig.hub}/api/v1/provisioning/claims", "POST",
                                   {"qr": qr, "site": SITE, "counter": "c1"}, rig.token)  # fmt: skip
            assert status == 200, claimed
            wait_until(lambda: (r := rig.row()) and r["online"], what="the claimed kiosk online")
            _, status_body = call(f"{rig.agent_url}/v1/status")
            assert set(status_body["components"]) == {"provisioning"}, "components: {} gives no peripherals"

            # Config 1: a printer on a pty and a SANE scanner; the agent builds them and reports them healthy.
            assert rig.push(printer_file(old.port), SCANNER_FILE) == 1
            row = wait_until(
                lambda: (
                    (r := rig.row())["reported_version"] == 1
                    and {"printer", "scanner"} <= set(r["components"])
                    and r
                ),
                what="config 1 applied with a printer and a scanner",
            )
            assert row["in_sync"] and row["rolled_back_version"] is None
            _, status_body = call(f"{rig.agent_url}/v1/status")
            assert {"printer", "scanner", "provisioning"} == set(status_body["components"])
            status, scanner = call(f"{rig.agent_url}/v1/scanner/status")
            assert status == 200, scanner

            # The technician's test print comes out of the first pty.
            status, sent = call(f"{rig.hub}/api/v1/provisioning/devices/{DEVICE}/commands/test_print",
                                "POST", None, rig.token)  # fmt: skip
            assert status == 200, sent
            sheets = wait_until(lambda: old.sheets(), what="the test receipt on printer A")
            assert len(sheets) == 1 and b"\x1dV" in sheets[0], "a whole sheet, cut"

            # Config 2 moves the printer while 200 events and a print job are queued.
            with old.emulator.lock:
                old.emulator.machine.paper_rows = 0  # printer A cannot print the job: it stays queued
            job = uuid.uuid4().hex
            status, queued = call(f"{rig.agent_url}/v1/printer/receipts", "POST",
                                  {"job": job, "title": "收據 Receipt", "lines": [["案件 Case", "A-1"]]})  # fmt: skip
            assert status in (200, 201, 202), queued
            wait_until(lambda: call(f"{rig.agent_url}/v1/printer/status")[1]["state"] == "error",
                       what="printer A reports paper out")  # fmt: skip
            # The hub is frozen (SIGSTOP) right after it sent config 2, so nothing is acknowledged: the 200
            # events sit in the agent's outbox while it rebuilds its printer (or, if config 2 was still in
            # the hub's send buffer, the rebuild starts the moment the hub resumes, with all 200 queued).
            assert rig.push(printer_file(new.port), SCANNER_FILE) == 2
            os.kill(rig.hub_pid, signal.SIGSTOP)
            try:
                posted = [
                    call(f"{rig.agent_url}/v1/events/kiosk.visit", "POST",
                         {"seconds": i, "outcome": "completed"})[0]
                    for i in range(200)
                ]  # fmt: skip
                assert posted == [202] * 200
                _, status_body = call(f"{rig.agent_url}/v1/status")
                assert status_body["outbox"] >= 200, "the events are queued, not yet acknowledged"
            finally:
                os.kill(rig.hub_pid, signal.SIGCONT)
            wait_until(lambda: rig.row()["reported_version"] == 2, what="config 2 applied")
            wait_until(lambda: new.sheets(), what="the queued job on printer B")
            _, job_state = call(f"{rig.agent_url}/v1/printer/jobs/{job}")
            assert job_state["state"] == "done", job_state
            stored = wait_until(lambda: len(ids := rig.stored_events("kiosk.visit")) >= 200 and ids,
                                what="200 events stored at the hub", timeout=60)  # fmt: skip
            assert len(stored) == len(set(stored)) == 200, "every event stored exactly once"
            wait_until(lambda: call(f"{rig.agent_url}/v1/status")[1]["outbox"] == 0, what="outbox drained")
            assert len(new.sheets()) == 1 and len(old.sheets()) == 1, "the job printed once, on the new port"
            print_jobs = [json.loads(b) for b in _bodies(rig, "print.job")]
            assert [p["job"] for p in print_jobs].count(job) == 1

            # Config 3 names a port that does not exist: rolled back, the old printer keeps printing.
            assert rig.push(printer_file(MISSING_PORT), SCANNER_FILE) == 3
            row = wait_until(lambda: (r := rig.row())["rolled_back_version"] == 3 and r,
                             what="config 3 rolled back")  # fmt: skip
            assert row["reported_version"] == 2 and not row["in_sync"]
            assert MISSING_PORT in row["rollback_reason"] and row["rollback_reason"].startswith("printer:")
            status, page = call(f"{rig.hub}/provisioning/fleet", token=rig.token)
            assert status == 200
            assert "設定版本 3 已還原" in page and MISSING_PORT in page  # the page in its default zh-TW
            assert "<td class='config behind'>2 / 3" in page
            fleet = subprocess.run(
                [sys.executable, "-m", "onestop.cli", "ctl", "fleet", "--hub", rig.hub],
                env={**os.environ, "ONESTOP_TOKEN": rig.token}, capture_output=True, text=True, timeout=60,
            )  # fmt: skip
            assert "config 2/3 BEHIND (v3 ROLLED BACK: printer:" in fleet.stdout, fleet.stdout + fleet.stderr
            status, sent = call(f"{rig.hub}/api/v1/provisioning/devices/{DEVICE}/commands/test_print",
                                "POST", None, rig.token)  # fmt: skip
            assert status == 200, sent
            wait_until(lambda: len(new.sheets()) == 2, what="a test print on printer B after the rollback")
            _, detail = call(f"{rig.hub}/api/v1/provisioning/devices/{DEVICE}/config", token=rig.token)
            assert detail["applied_version"] == 2 and detail["rolled_back_version"] == 3
            assert detail["applied_health"]["printer"]["state"] == "ok"

            def live_printer() -> Any:
                _, d = call(f"{rig.hub}/api/v1/provisioning/devices/{DEVICE}/config", token=rig.token)
                return d["components"].get("printer") == {"state": "ok", "reason": ""}

            wait_until(live_printer, what="the device API shows the restored printer ok (live health)")

            agent.send_signal(signal.SIGTERM)
            assert agent.wait(30) == 0

        # Restarted with the broker down: the stored config 2 brings the printer back, offline.
        rig.broker.stop()
        with running(rig.agent_cmd(), env=rig.agent_env, log=agent_log):
            wait_until(
                lambda: call(f"{rig.agent_url}/v1/status")[0] == 200, what="the agent's API after restart"
            )
            _, status_body = call(f"{rig.agent_url}/v1/status")
            assert not status_body["online"] and {"printer", "scanner"} <= set(status_body["components"])
            status, _ = call(f"{rig.agent_url}/v1/printer/receipts", "POST",
                             {"job": uuid.uuid4().hex, "title": "離線 Offline", "lines": []})  # fmt: skip
            assert status in (200, 201, 202)
            wait_until(lambda: len(new.sheets()) == 3, what="an offline receipt on printer B")
    finally:
        old.stop()
        new.stop()


def _bodies(rig: Rig, type_name: str) -> list[str]:
    with sqlite3.connect(rig.hub_db) as db:
        rows = db.execute("select body from events where device = ? and type = ?", (DEVICE, type_name))
        return [r[0] if isinstance(r[0], str) else json.dumps(r[0]) for r in rows]
