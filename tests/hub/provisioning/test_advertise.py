"""The hub's zeroconf announcement as a background task: seen by a browser on loopback, goodbye on stop,
and nothing announced with ``advertise`` off."""

from __future__ import annotations

import queue
import uuid

from hub.background import BackgroundContext
from hub.core.config import load_settings
from hub.provisioning.advertise import HubAdvertiser, hub_advertisement
from onestop.ctl.discovery import Browser, Change
from wire.payloads.provisioning import Role


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
