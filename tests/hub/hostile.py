"""Malformed and hostile MQTT messages, each with the dead-letter reason the hub must record.

Every topic here matches the hub's subscriptions, so each case also works over a real broker.
"""

from __future__ import annotations

import json
from typing import Any

from wire import new_message_id, now_ms, topics

SITE, DEVICE = "s1", "k1"
EVT = topics.event(SITE, DEVICE, "kiosk.visit")
STATE = topics.state(SITE, DEVICE)


def envelope(**over: Any) -> dict[str, Any]:
    env: dict[str, Any] = {
        "v": 1,
        "id": new_message_id(),
        "device": DEVICE,
        "session": 1,
        "seq": 1,
        "ts": now_ms(),
        "type": "kiosk.visit",
        "body": {"seconds": 5, "outcome": "completed"},
    }
    env.update(over)
    return {k: v for k, v in env.items() if v is not _DROP}


_DROP = object()


def raw(**over: Any) -> bytes:
    return json.dumps(envelope(**over)).encode()


def _deep(levels: int) -> bytes:
    inner = "[" * levels + "]" * levels
    return f'{{"v":1,"id":"{new_message_id()}","device":"k1","session":1,"seq":1,"ts":1,"type":"kiosk.visit","body":{{"x":{inner}}}}}'.encode()


#: (name, topic, payload, reason)
HOSTILE: list[tuple[str, str, bytes, str]] = [
    ("bad json", EVT, b"{not json", "bad_json"),
    ("empty payload", EVT, b"", "bad_json"),
    ("NaN constant", EVT, raw(seq=1).replace(b'"seq": 1', b'"seq": NaN'), "bad_json"),
    ("nested too deep", EVT, _deep(200), "bad_json"),
    ("array not object", EVT, b"[1, 2, 3]", "not_an_object"),
    ("null not object", EVT, b"null", "not_an_object"),
    ("missing version", EVT, raw(v=_DROP), "unsupported_version"),
    ("unknown version", EVT, raw(v=2), "unsupported_version"),
    ("version as text", EVT, raw(v="1"), "unsupported_version"),
    ("session wrong type", EVT, raw(session="1"), "bad_envelope"),
    ("bad message id", EVT, raw(id="not-hex"), "bad_envelope"),
    ("seq out of range", EVT, raw(seq=256), "bad_envelope"),
    ("negative timestamp", EVT, raw(ts=-5), "bad_envelope"),
    ("extra envelope field", EVT, raw(admin=True), "bad_envelope"),
    (
        "huge payload",
        EVT,
        raw(body={"seconds": 5, "outcome": "completed", "pad": "x" * 1_100_000}),
        "too_large",
    ),
    ("not utf-8", EVT, b'{"v":1,"device":"\xff\xfe"}', "not_utf8"),
    (
        "unknown type",
        topics.event(SITE, DEVICE, "no.such"),
        raw(type="no.such"),
        "unknown_type",
    ),
    ("body wrong types", EVT, raw(body={"seconds": "five", "outcome": "completed"}), "bad_body"),
    ("body extra field", EVT, raw(body={"seconds": 5, "outcome": "completed", "sql": "drop"}), "bad_body"),
    ("spoofed device", EVT, raw(device="k2"), "spoofed_device"),
    ("type and topic disagree", EVT, raw(type="counter.served"), "topic_mismatch"),
    ("topic with two type levels", EVT + "/extra", raw(), "bad_topic"),
    (
        "national-ID-shaped device in topic",
        "onestop/v1/s1/a123456789/state",
        raw(device="a123456789"),
        "bad_topic",
    ),
    ("NUL character in text", STATE, raw(type="death", body={"reason": "cut\u0000"}), "bad_body"),
]
