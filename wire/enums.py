"""Enumerations of the wire contract (no magic strings or integers elsewhere)."""

from enum import StrEnum


class Channel(StrEnum):
    """The kind of traffic a topic carries; the topic level after the device id."""

    STATE = "state"  # device -> hub, retained: birth, and death as the last will
    EVENT = "evt"  # device -> hub, durable: kept in the outbox until the hub acknowledged it
    TELEMETRY = "tele"  # device -> hub, latest value wins (health, counters)
    REQUEST = "req"  # device -> hub, a question the kiosk needs answered
    COMMAND_ACK = "cmdack"  # device -> hub, the outcome of a command
    ACK = "ack"  # hub -> device, the ids of events the hub has committed
    COMMAND = "cmd"  # hub -> device
    RESPONSE = "res"  # hub -> device, the answer to a request


#: Channels a device publishes on; the rest are published by the hub.
DEVICE_CHANNELS = frozenset(
    {Channel.STATE, Channel.EVENT, Channel.TELEMETRY, Channel.REQUEST, Channel.COMMAND_ACK}
)
#: Channels whose topic carries the message type as its last level.
NAMED_CHANNELS = frozenset(
    {Channel.EVENT, Channel.TELEMETRY, Channel.REQUEST, Channel.COMMAND, Channel.RESPONSE}
)


class DeviceKind(StrEnum):
    KIOSK = "kiosk"  # self-service kiosk PC (card reader, receipt printer, A4 printer, scanner)
    COUNTER = "counter"  # staffed counter PC with a rating keypad
    SUPERVISOR = "supervisor"  # supervisor's alarm light and buzzer
    SIMULATED = "simulated"  # a fleet-simulator device


class ComponentState(StrEnum):
    OK = "ok"
    WARNING = "warning"
    ERROR = "error"


class CommandStatus(StrEnum):
    ACCEPTED = "accepted"
    DONE = "done"
    FAILED = "failed"
    REJECTED = "rejected"
