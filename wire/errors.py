"""Errors of the wire contract; every rejection carries a machine reason and a readable message."""

from enum import StrEnum


class Reason(StrEnum):
    """Why a message was rejected; stored with each dead letter."""

    TOO_LARGE = "too_large"
    NOT_UTF8 = "not_utf8"
    BAD_JSON = "bad_json"
    NOT_AN_OBJECT = "not_an_object"
    UNSUPPORTED_VERSION = "unsupported_version"
    BAD_ENVELOPE = "bad_envelope"
    BAD_TOPIC = "bad_topic"
    TOPIC_MISMATCH = "topic_mismatch"
    SPOOFED_DEVICE = "spoofed_device"
    UNKNOWN_TYPE = "unknown_type"
    BAD_BODY = "bad_body"


class TopicError(ValueError):
    """A topic that is not part of the OneStop namespace or is malformed."""


class DecodeError(ValueError):
    """A payload that cannot be accepted; nothing of it may be applied."""

    def __init__(self, reason: Reason, message: str) -> None:
        super().__init__(f"{reason.value}: {message}")
        self.reason = reason
        self.message = message
