"""The payload registry: which frozen model validates the body of each (channel, type)."""

from collections.abc import Callable
from typing import ClassVar, TypeVar

from pydantic import BaseModel, ConfigDict

from wire.enums import Channel
from wire.topics import check_type_name


class Payload(BaseModel):
    """Base of every message body: frozen, unknown fields refused."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    CHANNEL: ClassVar[Channel]
    TYPE: ClassVar[str]


P = TypeVar("P", bound=type[Payload])
_REGISTRY: dict[tuple[Channel, str], type[Payload]] = {}


def payload(channel: Channel, type_name: str) -> Callable[[P], P]:
    """Class decorator: register a body model under (channel, type)."""

    def register(cls: P) -> P:
        key = (channel, check_type_name(type_name))
        if key in _REGISTRY and _REGISTRY[key] is not cls:
            raise ValueError(f"{channel.value}/{type_name} is registered twice")
        cls.CHANNEL = channel
        cls.TYPE = type_name
        _REGISTRY[key] = cls
        return cls

    return register


def lookup(channel: Channel, type_name: str) -> type[Payload] | None:
    """The body model for (channel, type), or None if the contract has no such message."""
    return _REGISTRY.get((channel, type_name))


def registered() -> dict[tuple[Channel, str], type[Payload]]:
    """A copy of the whole registry (for documentation and tests)."""
    return dict(_REGISTRY)
