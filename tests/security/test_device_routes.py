"""High 1 and 2 of issue 13: device routes and dead letters need a technician; no secret or citizen datum
comes back out of them. Against a real Mosquitto with generated auth files and a real hub over HTTP."""

from __future__ import annotations

import json

import pytest

from firmware_config.device_config import load_files
from tests.security.conftest import DEVICES, SITE, Rig
from tests.security.helpers import bring_online, wait_for
from wire import Channel, topics

KEYPAD_FILE = "firmware_config/devices/tpe-xinyi-c01-keypad.yaml"
DEVICE = DEVICES[0]
ROUTES = [
    ("GET", "/api/v1/devices"),
    ("GET", f"/api/v1/devices/{DEVICE}"),
    ("GET", f"/api/v1/devices/{DEVICE}/commands"),
    ("GET", "/api/v1/dead-letters"),
    ("POST", f"/api/v1/devices/{DEVICE}/rebirth"),
]


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_device_routes_refuse_anonymous_and_non_technicians(rig: Rig, method: str, path: str) -> None:
    anonymous = rig.http(method, path)
    assert anonymous.status == 401 and "sign in" in anonymous.body["detail"]
    for role in ("counter", "operator"):
        other = rig.http(method, path, token=rig.tokens[role])
        assert other.status == 403 and "technician" in other.body["detail"]


def test_pushed_secret_reaches_the_device_but_no_api_shows_it(rig: Rig) -> None:
    """GIVEN a keypad config whose MQTT password is a !secret WHEN a technician pushes it to the online keypad
    THEN the keypad gets the password, and command history and config view show only ***."""
    bring_online(rig, DEVICE)
    probe = rig.device_probes[DEVICE]
    config = load_files([KEYPAD_FILE], DEVICE)
    secret = config["devices"][0]["mqtt"]["password"]
    assert secret == "demo-only-keypad-c01"
    tech = rig.tokens["technician"]
    pushed = rig.http("PUT", f"/api/v1/provisioning/devices/{DEVICE}/config", {"config": config}, token=tech)
    assert pushed.status == 200 and pushed.body["command_id"], pushed.body
    topic, payload = probe.messages.get(timeout=10)
    assert topic == topics.command(SITE, DEVICE, "config.apply") and secret.encode() in payload

    history = rig.http("GET", f"/api/v1/devices/{DEVICE}/commands", token=tech)
    assert history.status == 200 and history.body[0]["type"] == "config.apply"
    assert history.body[0]["body"]["config"]["devices"][0]["mqtt"]["password"] == "***"
    view = rig.http("GET", f"/api/v1/provisioning/devices/{DEVICE}/config", token=tech)
    assert view.body["config"]["devices"][0]["mqtt"]["password"] == "***"
    for response in (history, view, rig.http("GET", "/api/v1/provisioning/fleet", token=tech)):
        assert secret not in json.dumps(response.body)


def _letters(rig: Rig) -> list[dict]:
    got = rig.http("GET", "/api/v1/dead-letters?limit=1000", token=rig.tokens["technician"])
    assert got.status == 200
    return got.body


def test_dead_letter_keeps_reason_topic_size_and_shape_but_no_values(rig: Rig) -> None:
    """GIVEN a case.query with an unknown field (case number and password inside) WHEN it is dead-lettered
    THEN staff see reason, topic, size and the keys, never the case number or the password."""
    probe = rig.probe(DEVICES[1])
    assert probe.connect()
    case_no, password = "1130915-000123", "Qx7-pw-9K2m"
    envelope = {
        "v": 1,
        "id": "a" * 32,
        "device": DEVICES[1],
        "session": 1,
        "seq": 1,
        "ts": 1_700_000_000_000,
        "type": "case.query",
        "body": {"case_no": case_no, "password": password, "note": "A123456789 call 0912345678"},
    }
    payload = json.dumps(envelope).encode()
    topic = topics.topic_for(SITE, DEVICES[1], Channel.REQUEST, "case.query")
    probe.publish(topic, payload)
    letter = wait_for(
        "the dead letter", lambda: next((x for x in _letters(rig) if x["topic"] == topic), None)
    )
    assert letter["reason"] == "bad_body" and letter["size"] == len(payload)
    assert "note" in letter["message"] and '"case_no":"<text 14>"' in letter["excerpt"]
    text = json.dumps(letter)
    for value in (case_no, password, "A123456789", "0912345678", "1130915"):
        assert value not in text


def test_dead_letters_are_capped(rig: Rig) -> None:
    """GIVEN a cap of 50 WHEN a device sends 120 junk messages THEN at most 50 dead letters remain, the newest."""
    probe = rig.probe(DEVICES[1])
    assert probe.connect()
    topic = topics.event(SITE, DEVICES[1], "kiosk.visit")
    for i in range(120):
        probe.publish(topic, b"{junk " + b"x" * i)
    newest = 6 + 119

    def capped() -> bool:
        letters = _letters(rig)
        return bool(letters) and letters[0]["size"] == newest and len(letters) <= 50

    wait_for("the cap to apply", capped)


def test_excerpt_of_broken_json_shows_where_it_broke_not_what_it_said() -> None:
    from hub.ingest.dead_letters import excerpt

    assert (
        excerpt(b'{"case_no": "1130915-000123", "password": "abc')
        == '{"xxxx_xx": "9999999-999999", "xxxxxxxx": "xxx'
    )
    assert excerpt(b'{"v":1,"type":"case.query","body":{"password":"s3cret","n":5}}') == (
        '{"v":1,"type":"case.query","body":{"password":"<text 6>","n":"<number>"}}'
    )


def test_retention_deletes_old_letters(rig: Rig) -> None:
    from sqlalchemy import func, select

    from hub.db.session import make_engine, make_session_factory
    from hub.devices.models import DeadLetter
    from hub.devices.retention import DAY_MS, prune_dead_letters

    engine = make_engine(rig.db_url)
    try:
        with make_session_factory(engine)() as session, session.begin():
            now = max(session.scalars(select(DeadLetter.received_at)))
            old = dict(topic="t", reason="bad_json", message="m", payload_prefix="", size=1)
            session.add(DeadLetter(**old, received_at=now - 15 * DAY_MS))
            session.flush()
            before = session.scalar(select(func.count()).select_from(DeadLetter))
            gone = prune_dead_letters(session, keep_days=14, max_rows=1000, now=now)
            after = session.scalar(select(func.count()).select_from(DeadLetter))
        assert gone == 1 and after == before - 1
    finally:
        engine.dispose()
