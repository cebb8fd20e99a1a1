"""Encode and decode MQTT payloads: JSON envelope + typed body, checked against the topic.

``decode`` either returns a fully validated message or raises DecodeError with a reason; it never
returns something half-checked.
"""

import json
import re
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from pydantic_core import from_json

from wire.enums import DEVICE_CHANNELS
from wire.envelope import PROTOCOL_VERSION, Envelope
from wire.errors import DecodeError, Reason, TopicError
from wire.ids import MESSAGE_ID_PATTERN, new_message_id, now_ms
from wire.registry import Payload, lookup
from wire.topics import Address, parse

#: Largest payload accepted (scanned pages travel in chunks below this).
MAX_PAYLOAD_BYTES = 1_048_576
#: Deepest JSON nesting accepted; deeper input is refused before parsing (stack exhaustion).
MAX_DEPTH = 32
HUB_DEVICE = "hub"


@dataclass(frozen=True, slots=True)
class Decoded:
    """A message that passed every check: where it came from, its envelope and its typed body."""

    address: Address
    envelope: Envelope
    body: Payload


def make_envelope(
    body: Payload,
    *,
    device: str,
    session: int,
    seq: int,
    msg_id: str | None = None,
    ts: int | None = None,
    historical: bool = False,
    corr: str | None = None,
) -> Envelope:
    return Envelope(
        v=PROTOCOL_VERSION,
        id=msg_id or new_message_id(),
        device=device,
        session=session,
        seq=seq,
        ts=now_ms() if ts is None else ts,
        type=body.TYPE,
        historical=historical,
        corr=corr,
        body=body.model_dump(mode="json"),
    )


def encode(envelope: Envelope) -> bytes:
    """Compact JSON bytes of an envelope."""
    return envelope.model_dump_json(exclude_none=True).encode()


def _first_error(exc: ValidationError) -> str:
    err = exc.errors(include_url=False)[0]
    where = ".".join(str(p) for p in err["loc"]) or "(root)"
    more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
    return f"{where}: {err['msg']}{more}"


def _too_deep(text: str) -> bool:
    if text.count("{") + text.count("[") <= MAX_DEPTH:
        return False  # cannot nest deeper than the number of openers; the common case, checked in C
    depth = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return True
        elif ch in "]}":
            depth -= 1
    return False


_ID_MATCH = re.compile(MESSAGE_ID_PATTERN).match
_DEVICE_MATCH = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62})$").match
_ENVELOPE_KEYS = frozenset(Envelope.model_fields)
_REQUIRED_KEYS = frozenset(k for k, f in Envelope.model_fields.items() if f.is_required())
_DEFAULTS = tuple((name, f.default) for name, f in Envelope.model_fields.items())  # in field order
_LIMIT = 2**53
_new_envelope = object.__new__
_set = object.__setattr__
_PARSED: dict[str, Address] = {}
_PARSED_MAX = 200_000


def _address(topic: str) -> Address:
    """``parse`` with a cache: a fleet publishes on a few topics per device, again and again."""
    address = _PARSED.get(topic)
    if address is None:
        address = parse(topic)  # TopicError: not cached
        if len(_PARSED) >= _PARSED_MAX:
            _PARSED.clear()
        _PARSED[topic] = address
    return address


def _is_count(value: object, limit: int) -> bool:
    return type(value) is int and 0 <= value < limit


def _quick_envelope(raw: Any) -> Envelope | None:
    """The envelope when ``raw`` passes exactly the checks ``Envelope`` (strict) makes, else None.

    Plain Python checks are several times cheaper than the pydantic model's; anything they do not
    accept goes through the model, which then gives the precise error. Never accepts what it refuses.
    """
    if type(raw) is not dict or not _REQUIRED_KEYS <= raw.keys() <= _ENVELOPE_KEYS:
        return None
    msg_id, device, kind, corr = raw["id"], raw["device"], raw["type"], raw.get("corr")
    ok = (
        raw["v"] == PROTOCOL_VERSION
        and type(raw["v"]) is int
        and type(msg_id) is str
        and _ID_MATCH(msg_id) is not None
        and "\n" not in msg_id
        and type(device) is str
        and _DEVICE_MATCH(device) is not None
        and "\n" not in device
        and _is_count(raw["session"], _LIMIT)
        and _is_count(raw["seq"], 256)
        and _is_count(raw["ts"], _LIMIT)
        and type(kind) is str
        and len(kind) <= 64
        and type(raw.get("historical", False)) is bool
        and (corr is None or (type(corr) is str and _ID_MATCH(corr) is not None and "\n" not in corr))
        and type(raw["body"]) is dict
    )
    if not ok:
        return None
    # what ``Envelope.model_construct`` does, without its per-call overhead (a third of decode's time)
    envelope = _new_envelope(Envelope)
    fields = {name: raw.get(name, default) for name, default in _DEFAULTS}
    _set(envelope, "__dict__", fields)
    _set(envelope, "__pydantic_fields_set__", set(raw))
    _set(envelope, "__pydantic_extra__", None)
    _set(envelope, "__pydantic_private__", None)
    return envelope


def decode(topic: str, data: bytes) -> Decoded:
    """Validate a received message completely, or raise DecodeError saying why not.

    The common case takes a fast path (topic parse cached, plain checks of the envelope); whatever it does
    not accept, including the JSON constants ``NaN``/``Infinity``, goes through every check one by one.
    """
    if len(data) <= MAX_PAYLOAD_BYTES and b"NaN" not in data and b"Infinity" not in data:
        try:
            address = _address(topic)
            raw = from_json(data)
            envelope = _quick_envelope(raw) if not _too_deep_bytes(data) else None
        except (TopicError, ValueError):
            envelope = None
        if envelope is not None:
            return _finish(address, envelope)
    return _decode_carefully(topic, data)


def _too_deep_bytes(data: bytes) -> bool:
    if data.count(b"{") + data.count(b"[") <= MAX_DEPTH:
        return False
    return _too_deep(data.decode("utf-8", "replace"))


def _decode_carefully(topic: str, data: bytes) -> Decoded:
    """Every check one by one, each with its own reason; the path of anything unusual."""
    if len(data) > MAX_PAYLOAD_BYTES:
        raise DecodeError(Reason.TOO_LARGE, f"{len(data)} bytes is over the {MAX_PAYLOAD_BYTES}-byte limit")
    try:
        address = parse(topic)
    except TopicError as exc:
        raise DecodeError(Reason.BAD_TOPIC, str(exc)) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DecodeError(Reason.NOT_UTF8, f"payload is not UTF-8 (byte {exc.start})") from None
    if _too_deep(text):
        raise DecodeError(Reason.BAD_JSON, f"JSON nested deeper than {MAX_DEPTH} levels")
    try:
        raw: Any = json.loads(text, parse_constant=_reject_constant)
    except (json.JSONDecodeError, ValueError) as exc:
        raise DecodeError(Reason.BAD_JSON, f"payload is not valid JSON: {exc}") from None
    if not isinstance(raw, dict):
        raise DecodeError(Reason.NOT_AN_OBJECT, f"payload is a JSON {type(raw).__name__}, not an object")
    version = raw.get("v")
    if version != PROTOCOL_VERSION or isinstance(version, bool):
        raise DecodeError(
            Reason.UNSUPPORTED_VERSION,
            f"protocol version {version!r} is not supported (this side speaks {PROTOCOL_VERSION})",
        )
    try:
        envelope = Envelope.model_validate(raw)
    except ValidationError as exc:
        raise DecodeError(Reason.BAD_ENVELOPE, _first_error(exc)) from None
    return _finish(address, envelope)


def _finish(address: Address, envelope: Envelope) -> Decoded:
    _check_against_topic(address, envelope)
    model = lookup(address.channel, envelope.type)
    if model is None:
        raise DecodeError(
            Reason.UNKNOWN_TYPE, f"no message type {envelope.type!r} on channel {address.channel.value!r}"
        )
    try:
        body = model.model_validate(envelope.body)
    except ValidationError as exc:
        raise DecodeError(Reason.BAD_BODY, f"{envelope.type}: {_first_error(exc)}") from None
    return Decoded(address, envelope, body)


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not allowed in JSON")


def _check_against_topic(address: Address, envelope: Envelope) -> None:
    if address.channel in DEVICE_CHANNELS:
        if envelope.device != address.device:
            raise DecodeError(
                Reason.SPOOFED_DEVICE,
                f"envelope says device {envelope.device!r} but it was published on {address.device!r}'s topic",
            )
    elif envelope.device != HUB_DEVICE:
        raise DecodeError(Reason.SPOOFED_DEVICE, f"only the hub publishes on {address.channel.value!r}")
    if address.type is not None and address.type != envelope.type:
        raise DecodeError(
            Reason.TOPIC_MISMATCH, f"topic says type {address.type!r} but the envelope says {envelope.type!r}"
        )
