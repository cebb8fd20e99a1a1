"""Encode and decode MQTT payloads: JSON envelope + typed body, checked against the topic.

``decode`` either returns a fully validated message or raises DecodeError with a reason; it never
returns something half-checked.
"""

import json
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import Field, ValidationError

from wire.enums import DEVICE_CHANNELS
from wire.envelope import PROTOCOL_VERSION, Envelope
from wire.errors import DecodeError, Reason, TopicError
from wire.ids import new_message_id, now_ms
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


_new_envelope = object.__new__
_set = object.__setattr__
_PARSED: dict[str, Address] = {}
_PARSED_MAX = 200_000


class _WireEnvelope(Envelope):
    """``Envelope`` with one difference: ``v`` is a strict integer, so JSON ``true`` and ``1.0`` (which
    ``Literal[1]`` lets through and the careful path refuses or names) are refused here.

    The quick path validates a payload against this in one pass of pydantic-core (JSON parse and every
    field check in Rust), then hands its fields to an ``Envelope`` without validating them again.
    """

    v: Annotated[int, Field(ge=PROTOCOL_VERSION, le=PROTOCOL_VERSION)]  # type: ignore[assignment]


_validate_wire = _WireEnvelope.model_validate_json


def _address(topic: str) -> Address:
    """``parse`` with a cache: a fleet publishes on a few topics per device, again and again."""
    address = _PARSED.get(topic)
    if address is None:
        address = parse(topic)  # TopicError: not cached
        if len(_PARSED) >= _PARSED_MAX:
            _PARSED.clear()
        _PARSED[topic] = address
    return address


def _quick_envelope(data: bytes) -> Envelope | None:
    """The envelope when the JSON ``data`` passes exactly the checks ``Envelope`` (strict) makes, else None.

    One pydantic-core call parses and checks it (half the time of parsing, then checking the dict in
    Python); anything it does not accept goes through the careful path, which then gives the precise
    error. Never accepts what the careful path refuses (``tests/wire/test_codec.py``).
    """
    try:
        wire = _validate_wire(data)
    except ValidationError:
        return None
    # what ``Envelope.model_construct`` does, without its per-call overhead
    envelope = _new_envelope(Envelope)
    _set(envelope, "__dict__", wire.__dict__)
    _set(envelope, "__pydantic_fields_set__", wire.__pydantic_fields_set__)
    _set(envelope, "__pydantic_extra__", None)
    _set(envelope, "__pydantic_private__", None)
    return envelope


def decode(topic: str, data: bytes) -> Decoded:
    """Validate a received message completely, or raise DecodeError saying why not.

    The common case takes a fast path (topic parse cached, the envelope parsed and checked in one
    pydantic-core call); whatever it does not accept, including the JSON constants ``NaN``/``Infinity``,
    goes through every check one by one.
    """
    if len(data) <= MAX_PAYLOAD_BYTES and b"NaN" not in data and b"Infinity" not in data:
        try:
            address = _address(topic)
            envelope = _quick_envelope(data) if not _too_deep_bytes(data) else None
        except TopicError:
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
