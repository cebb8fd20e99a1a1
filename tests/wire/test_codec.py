"""The codec: round trips, and every way a hostile or broken payload is refused with a reason."""

import json
from typing import Any

import pytest

from wire import MAX_PAYLOAD_BYTES, Channel, DecodeError, Reason, decode, encode, make_envelope, topics
from wire.payloads.device import Ack, Birth, Death
from wire.payloads.visits import KioskVisit

SITE, DEV = "tpe-xinyi", "kiosk-001"
TOPIC = topics.event(SITE, DEV, "kiosk.visit")


def _good(**over: Any) -> dict[str, Any]:
    env = make_envelope(KioskVisit(seconds=12, outcome="completed"), device=DEV, session=3, seq=7)
    raw: dict[str, Any] = json.loads(encode(env))
    raw.update(over)
    return raw


def _bytes(raw: object) -> bytes:
    return json.dumps(raw).encode()


def test_a_valid_event_round_trips_with_its_typed_body() -> None:
    env = make_envelope(
        KioskVisit(seconds=12, outcome="completed", service="HR-01"), device=DEV, session=3, seq=7
    )
    decoded = decode(TOPIC, encode(env))
    assert decoded.envelope == env
    assert decoded.body == KioskVisit(seconds=12, outcome="completed", service="HR-01")
    assert decoded.address.channel is Channel.EVENT


def test_state_messages_decode_birth_and_death() -> None:
    birth = make_envelope(Birth(kind="kiosk", agent_version="0.1.0"), device=DEV, session=4, seq=0)
    death = make_envelope(Death(), device=DEV, session=4, seq=0)
    assert isinstance(decode(topics.state(SITE, DEV), encode(birth)).body, Birth)
    assert isinstance(decode(topics.state(SITE, DEV), encode(death)).body, Death)


def test_hub_messages_must_come_from_the_hub() -> None:
    ack = make_envelope(Ack(ids=["0" * 32]), device="hub", session=1, seq=1)
    assert decode(topics.ack(SITE, DEV), encode(ack)).body == Ack(ids=["0" * 32])
    forged = make_envelope(Ack(ids=["0" * 32]), device=DEV, session=1, seq=1)
    with pytest.raises(DecodeError) as err:
        decode(topics.ack(SITE, DEV), encode(forged))
    assert err.value.reason is Reason.SPOOFED_DEVICE


HOSTILE: list[tuple[str, str, bytes, Reason]] = [
    ("bad json", TOPIC, b"{not json", Reason.BAD_JSON),
    ("empty payload", TOPIC, b"", Reason.BAD_JSON),
    ("json array", TOPIC, b"[1,2]", Reason.NOT_AN_OBJECT),
    ("json string", TOPIC, b'"hello"', Reason.NOT_AN_OBJECT),
    (
        "missing version",
        TOPIC,
        _bytes({k: v for k, v in _good().items() if k != "v"}),
        Reason.UNSUPPORTED_VERSION,
    ),
    ("unknown version", TOPIC, _bytes(_good(v=2)), Reason.UNSUPPORTED_VERSION),
    ("version as string", TOPIC, _bytes(_good(v="1")), Reason.UNSUPPORTED_VERSION),
    ("version as bool", TOPIC, _bytes(_good(v=True)), Reason.UNSUPPORTED_VERSION),
    ("bad id", TOPIC, _bytes(_good(id="not-an-id")), Reason.BAD_ENVELOPE),
    ("seq too big", TOPIC, _bytes(_good(seq=256)), Reason.BAD_ENVELOPE),
    ("negative session", TOPIC, _bytes(_good(session=-1)), Reason.BAD_ENVELOPE),
    ("ts as string", TOPIC, _bytes(_good(ts="yesterday")), Reason.BAD_ENVELOPE),
    ("unknown envelope field", TOPIC, _bytes(_good(extra=1)), Reason.BAD_ENVELOPE),
    (
        "spoofed device",
        topics.event(SITE, "kiosk-002", "kiosk.visit"),
        _bytes(_good()),
        Reason.SPOOFED_DEVICE,
    ),
    (
        "type differs from topic",
        topics.event(SITE, DEV, "counter.served"),
        _bytes(_good()),
        Reason.TOPIC_MISMATCH,
    ),
    ("unknown type", topics.event(SITE, DEV, "no.such"), _bytes(_good(type="no.such")), Reason.UNKNOWN_TYPE),
    (
        "body wrong type",
        TOPIC,
        _bytes(_good(body={"seconds": "ten", "outcome": "completed"})),
        Reason.BAD_BODY,
    ),
    ("body missing field", TOPIC, _bytes(_good(body={"outcome": "completed"})), Reason.BAD_BODY),
    (
        "body extra field",
        TOPIC,
        _bytes(_good(body={"seconds": 1, "outcome": "completed", "x": 1})),
        Reason.BAD_BODY,
    ),
    ("not utf-8", TOPIC, b'{"v":1,"x":"\xff\xfe"}', Reason.NOT_UTF8),
    ("too deep", TOPIC, b'{"v":1,"body":' + b"[" * 5000 + b"]" * 5000 + b"}", Reason.BAD_JSON),
    ("NaN", TOPIC, _bytes(_good()).replace(b'"seq": 7', b'"seq": NaN'), Reason.BAD_JSON),
    ("huge", TOPIC, b'{"v":1,"pad":"' + b"x" * MAX_PAYLOAD_BYTES + b'"}', Reason.TOO_LARGE),
    ("foreign topic", "other/thing", _bytes(_good()), Reason.BAD_TOPIC),
]


@pytest.mark.parametrize(("name", "topic", "data", "reason"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_payloads_are_refused_with_their_reason(
    name: str, topic: str, data: bytes, reason: Reason
) -> None:
    with pytest.raises(DecodeError) as err:
        decode(topic, data)
    assert err.value.reason is reason
    assert err.value.message  # always a readable explanation


def test_encode_is_compact_and_omits_absent_correlation() -> None:
    data = encode(make_envelope(Death(), device=DEV, session=1, seq=0))
    assert b": " not in data and b", " not in data
    assert b"corr" not in data


def test_the_quick_envelope_path_builds_exactly_what_the_model_validates() -> None:
    """The hub's fast decode path must accept only what the strict Envelope model accepts, and build an
    equal envelope (checked field by field, with and without the optional fields)."""
    import json as _json

    from wire.codec import _quick_envelope
    from wire.envelope import Envelope

    base = {"v": 1, "id": "0" * 32, "device": "kiosk-1", "session": 3, "seq": 7, "ts": 5, "type": "x.y"}
    good = [
        base | {"body": {}},
        base | {"body": {"a": [1, 2]}, "historical": True, "corr": "a" * 32},
    ]
    for raw in good:
        quick = _quick_envelope(_json.dumps(raw).encode())
        assert quick is not None and quick == Envelope.model_validate(raw)
        assert quick.model_dump_json() == Envelope.model_validate(raw).model_dump_json()
    bad = [
        base,  # no body
        base | {"body": {}, "v": True},
        base | {"body": {}, "v": 1.0},  # the careful path decides (pydantic's Literal[1] takes 1.0 and true)
        base | {"body": {}, "v": 2},
        base | {"body": {}, "id": "0" * 31},
        base | {"body": {}, "id": "0" * 32 + "\n"},
        base | {"body": {}, "device": "Kiosk"},
        base | {"body": {}, "device": "kiosk-1\n"},
        base | {"body": {}, "session": -1},
        base | {"body": {}, "session": 1.0},
        base | {"body": {}, "seq": 256},
        base | {"body": {}, "seq": False},
        base | {"body": {}, "ts": 2**53},
        base | {"body": {}, "type": "x" * 65},
        base | {"body": {}, "historical": 1},
        base | {"body": {}, "corr": "zz"},
        base | {"body": []},
        base | {"body": {}, "extra": 1},
    ]
    for raw in bad:  # refused here; the model then decides (and names the field) on the careful path
        assert _quick_envelope(_json.dumps(raw).encode()) is None, raw
    rest = _json.dumps(base | {"body": {}})[len('{"v": 1, ') :]
    for repeated in (b'{"v": 1, "v": true, ', b'{"v": 1, "\\u0076": true, '):  # the last one counts
        assert _quick_envelope(repeated + rest.encode()) is None
    from wire.codec import _WireEnvelope  # the same fields, defaults and order as the contract's model

    assert [(n, f.default) for n, f in _WireEnvelope.model_fields.items()] == [
        (n, f.default) for n, f in Envelope.model_fields.items()
    ]
