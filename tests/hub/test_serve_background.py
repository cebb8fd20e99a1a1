"""``onestop hub serve`` runs the features' background tasks: the hub is announced once serving and says
goodbye on SIGTERM (clean exit); a task that cannot start stops serve with its name."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from discovery import Browser, Change
from onestop.processes import Mosquitto, free_port

pytestmark = pytest.mark.mosquitto


def _serve(mosquitto: Mosquitto, tmp_path: Path, **env: str) -> tuple[subprocess.Popen[bytes], Path]:
    log = tmp_path / "hub.log"
    cmd = [sys.executable, "-m", "onestop.cli", "hub", "serve", "--db", f"sqlite:///{tmp_path / 'hub.db'}"]
    cmd += ["--broker", mosquitto.url, "--http", f"127.0.0.1:{free_port()}", "--instance", "bg-test"]
    full_env = {**os.environ, "ONESTOP_HUB_ADVERTISE_INTERFACES": "127.0.0.1", **env}
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=full_env)
    return proc, log


def _next(changes: queue.Queue[Change], kind: str, name: str, timeout: float) -> Change:
    while True:
        change = changes.get(timeout=timeout)
        if change.kind == kind and change.found.ad.id == name:
            return change


def test_serve_announces_the_hub_and_says_goodbye_on_sigterm(mosquitto: Mosquitto, tmp_path: Path) -> None:
    name = f"hub-bg-{uuid.uuid4().hex[:8]}"
    changes: queue.Queue[Change] = queue.Queue()
    with Browser(changes.put, interfaces=["127.0.0.1"]):
        proc, log = _serve(mosquitto, tmp_path, ONESTOP_HUB_ADVERTISE_NAME=name)
        try:
            added = _next(changes, "added", name, 60)
            assert added.found.ad.mqtt_port == mosquitto.port
            proc.send_signal(signal.SIGTERM)
            assert proc.wait(20) == 0, log.read_text()
            removed = _next(changes, "removed", name, 5)
            assert removed.reason == "said goodbye"
            assert "stopped" in log.read_text()
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait(5)


def test_a_task_that_cannot_start_stops_serve_with_its_name(mosquitto: Mosquitto, tmp_path: Path) -> None:
    proc, log = _serve(mosquitto, tmp_path, ONESTOP_HUB_ADVERTISE_NAME="Not A Name")
    try:
        assert proc.wait(60) == 1
    finally:
        if proc.poll() is None:
            proc.kill()
    text = log.read_text()
    assert "background task 'provisioning-advertise' could not start" in text and "advertise_name" in text
