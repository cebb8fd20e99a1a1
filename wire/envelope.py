"""The envelope every MQTT message travels in (Sparkplug-B-like session and sequence numbers)."""

from typing import Annotated, Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from wire.ids import MESSAGE_ID_PATTERN

PROTOCOL_VERSION: Final = 1

MessageId = Annotated[str, StringConstraints(pattern=MESSAGE_ID_PATTERN)]
DeviceRef = Annotated[str, StringConstraints(pattern=r"^[a-z0-9](?:[a-z0-9-]{0,62})$")]


class Envelope(BaseModel):
    """Metadata around a typed body.

    - ``id``: made at the source, unique forever; the hub stores an event once per id.
    - ``device``: who made the message (``hub`` for the hub's own); must match the topic for devices.
    - ``session``: grows by one with every connect of the device (Sparkplug's bdSeq); a death message
      carries the session it ends, so a stale death never marks a newer session offline.
    - ``seq``: 0-255 per publish within a session, wrapping; birth is 0; a jump is a gap.
    - ``ts``: when the message was made, epoch milliseconds.
    - ``historical``: true when the message is sent later than it was made (replayed from the outbox).
    - ``corr``: the id of the message this one answers (responses, command acknowledgements).
    """

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    v: Literal[1]
    id: MessageId
    device: DeviceRef
    session: Annotated[int, Field(ge=0, lt=2**53)]
    seq: Annotated[int, Field(ge=0, le=255)]
    ts: Annotated[int, Field(ge=0, lt=2**53)]
    type: Annotated[str, StringConstraints(max_length=64)]
    historical: bool = False
    corr: MessageId | None = None
    body: dict[str, Any]
