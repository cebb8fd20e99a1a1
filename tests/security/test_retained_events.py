"""Medium 8 of issue 13: a device that leaves retained messages on its event topics does not get them
re-ingested at every hub reconnect: the hub clears them at the broker (real Mosquitto, real hub restarted)."""

from __future__ import annotations

import queue

from tests.security.conftest import DEVICES, SITE, Rig
from tests.security.helpers import wait_for
from wire import topics

DEVICE = DEVICES[1]
JUNK_TYPES = ("kiosk.visit", "device.alarm", "counter.served")


def _retained_events(rig: Rig) -> list[str]:
    """Event topics of DEVICE the broker still holds retained (a fresh subscriber gets them at once)."""
    probe = rig.probe("observer")
    assert probe.connect()
    marker = topics.state(SITE, "marker-device")
    probe.client.publish(marker, b"marker", qos=1, retain=True).wait_for_publish(5)
    probe.subscribe(f"{topics.ROOT}/{SITE}/#")
    got: list[str] = []
    while True:
        try:
            topic, payload = probe.messages.get(timeout=10)
        except queue.Empty:
            raise AssertionError("the retained marker never came back") from None
        if topic == marker:
            break
        if "/evt/" in topic and payload:
            got.append(topic)
    probe.close()
    return got


def _letters(rig: Rig) -> int:
    got = rig.http("GET", "/api/v1/dead-letters?limit=1000", token=rig.tokens["technician"])
    return sum(1 for x in got.body if f"/{DEVICE}/" in x["topic"])


def test_retained_events_are_cleared_not_reingested_at_every_reconnect(rig: Rig) -> None:
    device = rig.probe(DEVICE)
    assert device.connect()
    for type_name in JUNK_TYPES:
        device.client.publish(
            topics.event(SITE, DEVICE, type_name), b"junk", qos=1, retain=True
        ).wait_for_publish(5)
    wait_for("the live junk dead-lettered", lambda: _letters(rig) >= len(JUNK_TYPES))
    rig.hub.stop()
    rig.hub.start()  # resubscribes: the broker hands it whatever is retained
    wait_for("the retained junk cleared", lambda: _retained_events(rig) == [] or None)
    after_first = _letters(rig)
    rig.hub.stop()
    rig.hub.start()
    assert _retained_events(rig) == []
    assert _letters(rig) == after_first  # nothing re-ingested at the second reconnect
