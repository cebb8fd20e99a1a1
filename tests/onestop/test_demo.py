"""``onestop demo`` as a newcomer runs it: starts everything, shows URLs, stores events, stops on Ctrl-C,
and its virtual hardware really worked: a receipt cut, returned pages attached, keypad ratings stored."""

from __future__ import annotations

import json
import re
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


def test_demo_runs_serves_and_stops_cleanly_on_ctrl_c(tmp_path: Path) -> None:
    """GIVEN `onestop demo` WHEN its URLs are printed THEN the hub answers and lists both devices online;
    WHEN Ctrl-C is pressed THEN it stops cleanly and every simulated citizen's event was stored."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "onestop.cli", "demo", "--data-dir", str(tmp_path), "--interval", "0.3"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert proc.stdout is not None
    lines: list[str] = []
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            assert line or proc.poll() is None, "".join(lines)
            lines.append(line)
            if "Press Ctrl-C to stop." in line:
                break
        output = "".join(lines)
        hub = re.search(r"devices\s+(http://\S+)", output)
        assert hub, output
        technician = re.search(r"^\s+technician\s+\S+\s+(\S+)$", output, re.M)
        assert technician, output  # the device list is for technicians (issue 13)
        request = urllib.request.Request(
            hub.group(1), headers={"Authorization": f"Bearer {technician.group(1)}"}
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with urllib.request.urlopen(request, timeout=5) as resp:
                devices = json.load(resp)
            if len(devices) == 2 and all(d["online"] for d in devices):
                break
            time.sleep(0.5)
        else:
            raise AssertionError(f"devices never both online: {devices}")
        _assert_the_broker_wants_logins(output, tmp_path)
        time.sleep(8)  # let a few simulated citizens come by, a keypad press among them
        sms_log = tmp_path / "sms.jsonl"
        deadline = time.monotonic() + 20
        while not sms_log.exists() and time.monotonic() < deadline:  # the kiosk case's "received" SMS
            time.sleep(0.5)
        proc.send_signal(signal.SIGINT)
        rest = proc.communicate(timeout=60)[0]
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, rest
    assert "demo: stopped cleanly" in rest
    totals = json.loads(rest.split("demo: hub totals ", 1)[1].splitlines()[0])
    citizens = (
        rest.count("demo: kiosk-001:") + rest.count("demo: counter-01:") * 2
    )  # counter: served + rating
    assert totals["events"] >= citizens > 0
    assert totals["dead_letters"] == 0
    assert totals["devices_online"] == 0  # both agents said goodbye before the hub stopped

    banner = output + rest
    case_no = re.search(r"a kiosk case was filed: (\S+), query password", banner)
    assert case_no, banner
    assert re.search(r"citizen card inserted: .+, PIN \d+", banner), banner
    assert (tmp_path / "printed" / "receipt-001.png").exists()  # the receipt the printer pty received
    assert "documents printed at counter-01" in banner  # the counter's A4 printer on the demo's private cupsd
    assert (tmp_path / "kiosk-welcome.png").stat().st_size > 10_000  # the real kiosk, rendered
    with sqlite3.connect(tmp_path / "hub.db") as db:
        (case,) = db.execute("SELECT count(*) FROM cases WHERE case_no = ?", (case_no.group(1),)).fetchone()
        attached = db.execute(
            "SELECT count(*) FROM case_documents d JOIN cases c ON d.case_id = c.id WHERE c.case_no = ?",
            (case_no.group(1),),
        ).fetchone()[0]
        presses = db.execute("SELECT count(*) FROM events WHERE type = 'rating.pressed'").fetchone()[0]
        (components,) = db.execute("SELECT components FROM devices WHERE id = 'counter-01'").fetchone()
        assert "a4printer" in json.loads(components)
        solicited = db.execute("SELECT count(*) FROM ratings WHERE status = 'solicited'").fetchone()[0]
    assert case == 1 and attached == 1  # page 1 carried the case's QR; page 2 had none and is flagged
    sms = sms_log.read_text(encoding="utf-8")  # the local SMS provider's log
    assert case_no.group(1) in sms and "/progress" in sms  # the citizen's "received" notice went out
    assert 1 <= presses == rest.count("pressed keypad button")  # one citizen per press, 6 s apart
    assert solicited == presses  # each press answered a prompt the hub sent for a finished citizen


def _assert_the_broker_wants_logins(output: str, data_dir: Path) -> None:
    """Issue 13: the demo's Mosquitto runs the generated password file and ACL: no anonymous client, the
    agents log in with the credentials in their config (and the ACL file names each device's topics)."""
    import shutil

    import paho.mqtt.client as mqtt
    import yaml
    from paho.mqtt.enums import CallbackAPIVersion

    if shutil.which("mosquitto") is None and not Path("/usr/sbin/mosquitto").exists():
        return  # the embedded anonymous broker; the banner says so
    found = re.search(
        r"demo: MQTT broker at mqtt://127\.0\.0\.1:(\d+) \(Mosquitto with the generated", output
    )
    assert found, output
    port = int(found.group(1))
    login = yaml.safe_load((data_dir / "kiosk-001.yaml").read_text(encoding="utf-8"))["broker"]
    acl = (data_dir / "broker" / "acl").read_text(encoding="utf-8")
    assert "user kiosk-001\ntopic write onestop/v2/tpe-xinyi/kiosk-001/cmdack\n" in acl  # its own topics only
    tries = [
        (None, None, False),
        (login["username"], "wrong", False),
        (login["username"], login["password"], True),
    ]
    for username, password, accepted in tries:
        client = mqtt.Client(
            CallbackAPIVersion.VERSION2, client_id=f"probe-{username}", protocol=mqtt.MQTTv311
        )
        if username:
            client.username_pw_set(username, password)
        answers: list[bool] = []
        client.user_data_set(answers)
        client.on_connect = lambda _c, seen, _f, rc, _p: seen.append(not rc.is_failure)
        client.connect("127.0.0.1", port, keepalive=10)
        deadline = time.monotonic() + 10
        while not answers and time.monotonic() < deadline:
            client.loop(0.1)
        client.disconnect()
        assert answers == [accepted], (username, password is not None, answers)
