"""Device life cycle and plumbing: birth/death, health, alarms, acknowledgements, generic commands."""

from typing import Annotated

from pydantic import Field, StringConstraints

from wire.enums import Channel, CommandStatus, ComponentState, DeviceKind
from wire.envelope import MessageId
from wire.registry import Payload, payload

ComponentName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,31}$")]
ShortText = Annotated[str, StringConstraints(max_length=500)]


@payload(Channel.STATE, "birth")
class Birth(Payload):
    """Sent (retained) on every connect, with seq 0; says what the device is and can do."""

    kind: DeviceKind
    agent_version: Annotated[str, StringConstraints(max_length=32)]
    config_version: Annotated[int, Field(ge=0)] = 0
    components: Annotated[tuple[ComponentName, ...], Field(max_length=32)] = ()
    queued: Annotated[int, Field(ge=0)] = 0  # events waiting in the outbox at connect time


@payload(Channel.STATE, "death")
class Death(Payload):
    """The last will (or a clean goodbye); ``session`` of its envelope is the session it ends."""

    reason: ShortText = "connection lost"


class ComponentHealth(Payload):
    """``reason`` is the technician's sentence; ``code`` the problem as a machine name (``paper_out``,
    ``jammed``, ``unavailable``…) that the hub's pages name in the reader's language ("" for old agents)."""

    state: ComponentState
    reason: ShortText = ""
    code: Annotated[str, StringConstraints(pattern=r"^([a-z][a-z0-9_]{0,47})?$")] = ""


@payload(Channel.TELEMETRY, "health")
class Health(Payload):
    """State of each peripheral of the host, latest value wins."""

    components: Annotated[dict[ComponentName, ComponentHealth], Field(max_length=32)]
    outbox: Annotated[int, Field(ge=0)] = 0


@payload(Channel.EVENT, "device.alarm")
class Alarm(Payload):
    """An alarm raised (``active``) or cleared on one component, e.g. printer out of paper."""

    component: ComponentName
    code: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,47}$")]
    active: bool
    message: ShortText = ""


@payload(Channel.ACK, "ack")
class Ack(Payload):
    """The hub has committed these event ids; the device may forget them."""

    ids: Annotated[list[MessageId], Field(min_length=1, max_length=2000)]


@payload(Channel.COMMAND, "rebirth")
class Rebirth(Payload):
    """Ask a device to publish its birth again (the hub lost track of it)."""


@payload(Channel.COMMAND_ACK, "cmdack")
class CommandAck(Payload):
    """Outcome of a command; the envelope's ``corr`` is the command's id."""

    command: Annotated[str, StringConstraints(max_length=64)]
    status: CommandStatus
    detail: ShortText = ""
