"""The hub's zeroconf announcement as a background task: seen by a browser on loopback, goodbye on stop,
and nothing announced with ``advertise`` off."""

from __future__ import annotations

import queue
import uuid

from discovery import Browser, Change
from hub.background import BackgroundContext
from hub.core.config import load_settings
from hub.provisioning.advertise import HubAdvertiser, hub_advertisement
from wire.onboarding import Role


def _next(changes: queue.Queue[Change], kind: str, name: str, timeout: float) -> Change:
    while True:
        change = changes.get(timeout=timeout)
        if change.kind == kind and change.found.ad.id == name:
            return change


def test_serve_task_announces_the_hub_and_says_goodbye() -> None:
    """GIVEN a browser on loopback WHEN the task starts THEN the hub is listed with its HTTP and MQTT
    ports; WHEN it stops THEN the browser drops it at once (goodbye, not expiry)."""
    settings = load_settings(
        db_url="sqlite://",
        instance_id=f"t{uuid.uuid4().hex[:8]}",
        advertise_interfaces="127.0.0.1",
        http_port=8123,
    )
    name = hub_advertisement(settings).id
    changes: queue.Queue[Change] = queue.Queue()
    task = HubAdvertiser()
    with Browser(changes.put, interfaces=["127.0.0.1"]):
        task.start(BackgroundContext(settings, sessions=None))  # type: ignore[arg-type]
        try:
            added = _next(changes, "added", name, 15)
            assert task.registered.wait(5) and task.error is None
            assert added.found.ad.role is Role.HUB and added.found.port == 8123
            assert added.found.ad.mqtt_port == settings.broker.port
        finally:
            task.stop()
        removed = _next(changes, "removed", name, 5)
        assert removed.reason == "said goodbye"


def test_advertise_off_announces_nothing() -> None:
    settings = load_settings(db_url="sqlite://", advertise=False)
    task = HubAdvertiser()
    task.start(BackgroundContext(settings, sessions=None))  # type: ignore[arg-type]
    task.stop()
    assert task.advertiser is None and not task.registered.is_set()


def test_stop_during_probing_leaves_nothing_registered() -> None:
    settings = load_settings(
        db_url="sqlite://", instance_id=f"t{uuid.uuid4().hex[:8]}", advertise_interfaces="127.0.0.1"
    )
    task = HubAdvertiser()
    task.start(BackgroundContext(settings, sessions=None))  # type: ignore[arg-type]
    task.stop()  # registration takes ~1.5 s of probing; stop waits for it and then says goodbye
    assert task.advertiser is None


def test_a_bad_name_stops_the_start_with_the_setting_named() -> None:
    import pytest

    settings = load_settings(db_url="sqlite://", advertise_name="Bad Name!")
    with pytest.raises(ValueError, match="advertise_name"):
        HubAdvertiser().start(BackgroundContext(settings, sessions=None))  # type: ignore[arg-type]


def test_hub_advertise_command_for_a_containerised_hub(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """GIVEN ``onestop hub advertise`` (the compose sidecar) WHEN it runs THEN the hub is listed under the
    given id; WHEN it gets SIGTERM THEN it says goodbye and exits 0; a bad id is refused with exit 2."""
    import os
    import signal
    import subprocess
    import sys

    name = f"hub-cli-{uuid.uuid4().hex[:8]}"
    cmd = [sys.executable, "-m", "onestop.cli", "hub", "advertise", "--interface", "127.0.0.1", "--ttl", "5"]
    env = {**os.environ, "ONESTOP_HUB_DB_URL": f"sqlite:///{tmp_path / 'hub.db'}"}
    changes: queue.Queue[Change] = queue.Queue()
    with Browser(changes.put, interfaces=["127.0.0.1"]):
        proc = subprocess.Popen([*cmd, "--id", name], env=env, stdout=subprocess.PIPE, text=True)
        try:
            _next(changes, "added", name, 30)
            proc.send_signal(signal.SIGTERM)
            out = proc.communicate(timeout=15)[0]
            assert proc.returncode == 0 and "goodbye sent" in out
            assert _next(changes, "removed", name, 5).reason == "said goodbye"
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait(5)
    bad = subprocess.run([*cmd, "--id", "Bad Id"], env=env, capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "--id" in bad.stderr
