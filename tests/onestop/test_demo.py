"""``onestop demo`` as a newcomer runs it: starts everything, shows URLs, stores events, stops on Ctrl-C,
and its virtual hardware really worked: a receipt cut, returned pages attached, keypad ratings stored."""

from __future__ import annotations

import contextlib
import json
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import urllib.request
from pathlib import Path
from typing import IO

from onestop.dev.waiting import wait_until


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
    reader = threading.Thread(target=_read_lines, args=(proc.stdout, lines), daemon=True)
    reader.start()
    try:

        def banner_end() -> int | None:
            at = next((i for i, line in enumerate(lines) if "Press Ctrl-C to stop." in line), None)
            assert at is not None or proc.poll() is None, "".join(lines)
            return None if at is None else at + 1

        try:
            shown = wait_until(
                banner_end, 90, "the demo's banner ending in 'Press Ctrl-C to stop.'", step=0.1
            )
        except AssertionError as exc:
            raise AssertionError(f"{exc}; it printed:\n{''.join(lines)}") from None
        output = "".join(lines[:shown])
        hub = re.search(r"devices\s+(http://\S+)", output)
        assert hub, output
        technician = re.search(r"^\s+technician\s+\S+\s+(\S+)$", output, re.M)
        assert technician, output  # the device list is for technicians (issue 13)
        request = urllib.request.Request(
            hub.group(1), headers={"Authorization": f"Bearer {technician.group(1)}"}
        )

        def both_online() -> bool:
            with urllib.request.urlopen(request, timeout=5) as resp:
                devices = json.load(resp)
            return len(devices) == 2 and all(d["online"] for d in devices)

        wait_until(both_online, 30, "both demo devices online on the hub", step=0.5)
        _assert_the_broker_wants_logins(output, tmp_path)
        # The simulated citizens come by: wait for what is checked below, not for a guessed 8 s.
        case_no = re.search(r"a kiosk case was filed: (\S+), query password", output)
        assert case_no, output
        hub_db = tmp_path / "hub.db"
        attached = (
            "SELECT count(*) FROM case_documents d JOIN cases c ON d.case_id = c.id WHERE c.case_no = ?",
            case_no.group(1),
        )
        wait_until(lambda: _count(hub_db, *attached), 30, "the kiosk case's returned page stored", step=0.2)
        wait_until(
            lambda: _count(hub_db, "SELECT count(*) FROM events WHERE type = 'rating.pressed'"),
            30,
            "a keypad press stored",
            step=0.2,
        )
        receipt = tmp_path / "printed" / "receipt-001.png"
        wait_until(receipt.exists, 30, "the demo to save the printer's receipt", step=0.2)
        sms_log = tmp_path / "sms.jsonl"
        wait_until(sms_log.exists, 20, "the kiosk case's 'received' SMS", step=0.5)
        wait_until(  # the totals below are checked against the simulated citizens the demo printed
            lambda: any(
                m in line for line in lines[shown:] for m in ("demo: kiosk-001:", "demo: counter-01:")
            ),
            30,
            "a simulated citizen at the kiosk or the counter",
            step=0.2,
        )
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=60)
        reader.join(10)
        rest = "".join(lines[shown:])
    finally:
        if proc.poll() is None:  # a failed step: SIGTERM lets the demo stop the broker, hub and agents it
            proc.terminate()  # started in sessions of their own; SIGKILL alone would leave them running
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
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
    assert re.search(r"citizen card inserted: .+, PIN \d+", banner), banner
    assert receipt.exists()  # the receipt the printer pty received
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


def _read_lines(stream: IO[str], lines: list[str]) -> None:
    """Everything the demo prints, line by line, as it comes (so the pipe never fills while the test waits)."""
    for line in stream:
        lines.append(line)


def _count(db: Path, sql: str, *args: object) -> int:
    """A count from the running hub's SQLite database; 0 while it is locked by a writer."""
    try:
        with contextlib.closing(sqlite3.connect(db, timeout=1)) as conn:
            return int(conn.execute(sql, args).fetchone()[0])
    except sqlite3.OperationalError:
        return 0


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
        # client.loop runs the client's network loop between tries: the CONNACK arrives there
        wait_until(
            lambda seen=answers: seen,  # bound now: ruff B023
            10,
            f"the broker's answer to the login {username!r}",
            between=client.loop,
            step=0.1,
        )
        client.disconnect()
        assert answers == [accepted], (username, password is not None, answers)
