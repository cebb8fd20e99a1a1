"""OneStop wire contract: the only place that spells an MQTT topic or a payload.

Agents, the hub, the kiosk and the simulator import from here and nowhere else::

    from wire import Channel, topics, encode, decode, Envelope, payloads
"""

from wire import payloads, topics
from wire.codec import MAX_PAYLOAD_BYTES, Decoded, decode, encode, make_envelope
from wire.enums import Channel, ComponentState, DeviceKind
from wire.envelope import PROTOCOL_VERSION, Envelope
from wire.errors import DecodeError, Reason, TopicError
from wire.ids import check_device_id, check_site_id, new_message_id, now_ms
from wire.registry import Payload, lookup, payload

__all__ = [
    "MAX_PAYLOAD_BYTES",
    "PROTOCOL_VERSION",
    "Channel",
    "ComponentState",
    "DecodeError",
    "Decoded",
    "DeviceKind",
    "Envelope",
    "Payload",
    "Reason",
    "TopicError",
    "check_device_id",
    "check_site_id",
    "decode",
    "encode",
    "lookup",
    "make_envelope",
    "new_message_id",
    "now_ms",
    "payload",
    "payloads",
    "topics",
]
