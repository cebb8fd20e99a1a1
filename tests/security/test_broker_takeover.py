"""High 4 of issue 13: a device login cannot take over the hub's MQTT client id (real Mosquitto, the
project's generated auth config, the real hub logged in with its own service account)."""

from __future__ import annotations

import re

from hub.provisioning.broker_auth import mosquitto_auth_config
from tests.security.conftest import DEVICES, SITE, Rig
from tests.security.helpers import wait_for
from wire import encode, make_envelope, topics
from wire.payloads.visits import KioskVisit

HUB_CLIENT_ID = "onestop-hub-1"  # what `hub serve --instance hub-1` asks for


def _hub_logins(rig: Rig) -> int:
    log = (rig.broker.dir / "mosquitto.log").read_text(errors="replace")
    return len(re.findall(r"New client connected from \S+ as \S+ \(.*u'hub'\)", log))


def test_generated_config_binds_client_ids_to_logins_and_limits_message_size() -> None:
    config = mosquitto_auth_config("/p", "/a", message_size_limit=1_048_576)
    assert "use_username_as_clientid true" in config and "allow_anonymous false" in config
    assert "message_size_limit 1048576" in config


def test_a_device_with_the_hubs_client_id_does_not_throw_the_hub_off(rig: Rig) -> None:
    """GIVEN the hub connected WHEN a keypad's login connects 10 times with the hub's client id THEN the hub
    keeps its one connection (no second login of the hub at the broker) and still stores events."""
    wait_for("the hub's login", lambda: _hub_logins(rig) >= 1)
    before = _hub_logins(rig)
    attacker = DEVICES[1]
    for _ in range(10):
        probe = rig.probe(attacker, client_id=HUB_CLIENT_ID)
        assert probe.connect()
        probe.close()
    log = rig.broker.dir / "mosquitto.log"
    wait_for("the attacker's sessions", lambda: log.read_text().count(f"u'{attacker}'") >= 10)
    device = rig.probe(DEVICES[1])
    assert device.connect()
    env = make_envelope(KioskVisit(seconds=3, outcome="completed"), device=DEVICES[1], session=7, seq=1)
    device.subscribe(topics.ack(SITE, DEVICES[1]))
    device.publish(topics.event(SITE, DEVICES[1], "kiosk.visit"), encode(env))
    topic, payload = device.messages.get(timeout=10)  # the hub acknowledges: it is connected and storing
    assert topic == topics.ack(SITE, DEVICES[1]) and env.id.encode() in payload
    assert _hub_logins(rig) == before, "the hub had to log in again: its client id was taken over"
    assert f"as {HUB_CLIENT_ID} " not in log.read_text()
