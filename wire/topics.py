"""Topic builders and the topic parser: ``onestop/v1/{site}/{device}/{channel}[/{type}]``.

No other module in the project writes a topic string by hand.
"""

import re
from dataclasses import dataclass

from wire.enums import DEVICE_CHANNELS, NAMED_CHANNELS, Channel
from wire.errors import TopicError
from wire.ids import check_device_id, check_site_id

ROOT = "onestop/v1"
#: The shared-subscription group hub processes join so that each message reaches exactly one of them.
HUB_SHARE_GROUP = "onestop-hub"
_TYPE_RE = re.compile(r"^[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)*$")


@dataclass(frozen=True, slots=True)
class Address:
    """Where a message was published: site, device, channel and (for named channels) its type."""

    site: str
    device: str
    channel: Channel
    type: str | None = None

    @property
    def topic(self) -> str:
        base = f"{ROOT}/{self.site}/{self.device}/{self.channel.value}"
        return f"{base}/{self.type}" if self.type is not None else base


def check_type_name(name: str) -> str:
    if not _TYPE_RE.fullmatch(name) or len(name) > 64:
        raise ValueError(f"message type {name!r} is not valid: use dotted lower-case words")
    return name


def topic_for(site: str, device: str, channel: Channel, type_name: str | None = None) -> str:
    """Build the topic of a message; named channels need the type, the others must not have one."""
    check_site_id(site)
    check_device_id(device)
    if channel in NAMED_CHANNELS:
        if type_name is None:
            raise ValueError(f"channel {channel.value!r} needs a message type in its topic")
        return Address(site, device, channel, check_type_name(type_name)).topic
    return Address(site, device, channel).topic


def state(site: str, device: str) -> str:
    return topic_for(site, device, Channel.STATE)


def event(site: str, device: str, type_name: str) -> str:
    return topic_for(site, device, Channel.EVENT, type_name)


def ack(site: str, device: str) -> str:
    return topic_for(site, device, Channel.ACK)


def command(site: str, device: str, type_name: str) -> str:
    return topic_for(site, device, Channel.COMMAND, type_name)


def response(site: str, device: str, type_name: str) -> str:
    return topic_for(site, device, Channel.RESPONSE, type_name)


def parse(topic: str) -> Address:
    """Split a topic into its address; raise TopicError naming what is wrong."""
    parts = topic.split("/")
    if len(parts) < 5 or f"{parts[0]}/{parts[1]}" != ROOT:
        raise TopicError(f"topic {topic!r} is not under {ROOT}/<site>/<device>/<channel>")
    site, device, channel_text = parts[2], parts[3], parts[4]
    try:
        check_site_id(site)
        check_device_id(device)
        channel = Channel(channel_text)
    except ValueError as exc:
        raise TopicError(f"topic {topic!r}: {exc}") from None
    rest = parts[5:]
    if channel in NAMED_CHANNELS:
        if len(rest) != 1:
            raise TopicError(f"topic {topic!r}: channel {channel.value!r} takes exactly one type level")
        try:
            return Address(site, device, channel, check_type_name(rest[0]))
        except ValueError as exc:
            raise TopicError(f"topic {topic!r}: {exc}") from None
    if rest:
        raise TopicError(f"topic {topic!r}: channel {channel.value!r} takes no further levels")
    return Address(site, device, channel)


def hub_subscriptions(shared: bool = False) -> list[str]:
    """Filters the hub subscribes to: everything devices publish, optionally as a shared subscription."""
    prefix = f"$share/{HUB_SHARE_GROUP}/" if shared else ""
    filters = []
    for channel in sorted(DEVICE_CHANNELS):
        suffix = "/#" if channel in NAMED_CHANNELS else ""
        filters.append(f"{prefix}{ROOT}/+/+/{channel.value}{suffix}")
    return filters


def device_subscriptions(site: str, device: str) -> list[str]:
    """Filters a device subscribes to: its acknowledgements, commands and responses."""
    base = f"{ROOT}/{check_site_id(site)}/{check_device_id(device)}"
    return [
        f"{base}/{Channel.ACK.value}",
        f"{base}/{Channel.COMMAND.value}/#",
        f"{base}/{Channel.RESPONSE.value}/#",
    ]


def device_acl(site: str, device: str) -> list[tuple[str, str]]:
    """(access, topic filter) pairs a broker ACL grants one device: its own topics and nothing else."""
    base = f"{ROOT}/{check_site_id(site)}/{check_device_id(device)}"
    rules = []
    for channel in sorted(DEVICE_CHANNELS):
        suffix = "/#" if channel in NAMED_CHANNELS else ""
        rules.append(("write", f"{base}/{channel.value}{suffix}"))
    rules.extend(("read", f) for f in device_subscriptions(site, device))
    return rules


def matches(filter_: str, topic: str) -> bool:
    """True if ``topic`` matches the subscription ``filter_`` (``+`` and ``#`` wildcards, ``$share`` stripped)."""
    if filter_.startswith("$share/"):
        filter_ = filter_.split("/", 2)[2]
    f_parts, t_parts = filter_.split("/"), topic.split("/")
    for i, part in enumerate(f_parts):
        if part == "#":
            return True
        if i >= len(t_parts) or (part != "+" and part != t_parts[i]):
            return False
    return len(f_parts) == len(t_parts)
