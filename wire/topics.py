"""Topic builders and the topic parser: ``onestop/v2/{site}/{device}/{channel}[/{type}]``.

Contract version 2 (the portable namespace): no '.' and no spaces anywhere in a topic, so Mosquitto,
RabbitMQ's MQTT plugin, NATS's MQTT gateway and EMQX accept it unchanged. A message type's dots are
spelled as '-' in the topic level (``kiosk.visit`` -> ``kiosk-visit``); the envelope still carries the
dotted type, which is the authoritative one. Version 1 (``onestop/v1/...``, dotted types) is parsed too,
during the migration window, so agents already deployed keep working; ``Address.version`` says which
one a message came in on, and the hub answers a device in the version it spoke.

No other module in the project writes a topic string by hand.
"""

import re
from dataclasses import dataclass

from wire.enums import DEVICE_CHANNELS, NAMED_CHANNELS, Channel
from wire.errors import TopicError
from wire.ids import check_device_id, check_site_id

#: The contract version new agents and the hub speak.
VERSION = 2
#: The version still accepted during the migration window.
LEGACY_VERSION = 1
VERSIONS = (VERSION, LEGACY_VERSION)
ROOT = "onestop/v2"
LEGACY_ROOT = "onestop/v1"
_ROOTS = {VERSION: ROOT, LEGACY_VERSION: LEGACY_ROOT}
#: The shared-subscription group hub processes join so that each message reaches exactly one of them.
HUB_SHARE_GROUP = "onestop-hub"
_TYPE_RE = re.compile(r"^[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)*$")
#: How a type is spelled as a v2 topic level: dotted words joined by '-' (never inside a word).
_TOPIC_TYPE_RE = re.compile(r"^[a-z][a-z0-9_]*(?:-[a-z][a-z0-9_]*)*$")


@dataclass(frozen=True, slots=True)
class Address:
    """Where a message was published: site, device, channel, (for named channels) its type, and version."""

    site: str
    device: str
    channel: Channel
    type: str | None = None
    version: int = VERSION

    @property
    def topic(self) -> str:
        base = f"{_ROOTS[self.version]}/{self.site}/{self.device}/{self.channel.value}"
        return f"{base}/{type_level(self.type, self.version)}" if self.type is not None else base


def check_type_name(name: str) -> str:
    if not _TYPE_RE.fullmatch(name) or len(name) > 64:
        raise ValueError(f"message type {name!r} is not valid: use dotted lower-case words")
    return name


def type_level(type_name: str, version: int = VERSION) -> str:
    """The topic level that spells ``type_name`` in contract ``version`` (v2: dots become '-')."""
    return type_name.replace(".", "-") if version == VERSION else type_name


def _type_from_level(level: str, version: int) -> str:
    if version == VERSION:
        if not _TOPIC_TYPE_RE.fullmatch(level):
            raise ValueError(f"type level {level!r} is not valid: lower-case words joined by '-'")
        return check_type_name(level.replace("-", "."))
    return check_type_name(level)


def _check_version(version: int) -> int:
    if version not in _ROOTS:
        raise ValueError(f"topic contract version {version!r} is not one of {sorted(_ROOTS)}")
    return version


def topic_for(
    site: str, device: str, channel: Channel, type_name: str | None = None, *, version: int = VERSION
) -> str:
    """Build the topic of a message; named channels need the type, the others must not have one."""
    check_site_id(site)
    check_device_id(device)
    _check_version(version)
    if channel in NAMED_CHANNELS:
        if type_name is None:
            raise ValueError(f"channel {channel.value!r} needs a message type in its topic")
        return Address(site, device, channel, check_type_name(type_name), version).topic
    return Address(site, device, channel, version=version).topic


def state(site: str, device: str, *, version: int = VERSION) -> str:
    return topic_for(site, device, Channel.STATE, version=version)


def event(site: str, device: str, type_name: str, *, version: int = VERSION) -> str:
    return topic_for(site, device, Channel.EVENT, type_name, version=version)


def ack(site: str, device: str, *, version: int = VERSION) -> str:
    return topic_for(site, device, Channel.ACK, version=version)


def command(site: str, device: str, type_name: str, *, version: int = VERSION) -> str:
    return topic_for(site, device, Channel.COMMAND, type_name, version=version)


def response(site: str, device: str, type_name: str, *, version: int = VERSION) -> str:
    return topic_for(site, device, Channel.RESPONSE, type_name, version=version)


def parse(topic: str) -> Address:
    """Split a topic (either contract version) into its address; raise TopicError naming what is wrong."""
    parts = topic.split("/")
    root = f"{parts[0]}/{parts[1]}" if len(parts) >= 2 else ""
    version = next((v for v, r in _ROOTS.items() if r == root), None)
    if len(parts) < 5 or version is None:
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
            return Address(site, device, channel, _type_from_level(rest[0], version), version)
        except ValueError as exc:
            raise TopicError(f"topic {topic!r}: {exc}") from None
    if rest:
        raise TopicError(f"topic {topic!r}: channel {channel.value!r} takes no further levels")
    return Address(site, device, channel, version=version)


def _versions(legacy: bool) -> tuple[int, ...]:
    return VERSIONS if legacy else (VERSION,)


def hub_subscriptions(shared: bool = False, legacy: bool = True) -> list[str]:
    """Filters the hub subscribes to: everything devices publish (v2, and v1 while ``legacy``),
    optionally as a shared subscription."""
    prefix = f"$share/{HUB_SHARE_GROUP}/" if shared else ""
    filters = []
    for version in _versions(legacy):
        for channel in sorted(DEVICE_CHANNELS):
            suffix = "/#" if channel in NAMED_CHANNELS else ""
            filters.append(f"{prefix}{_ROOTS[version]}/+/+/{channel.value}{suffix}")
    return filters


def service_roots(legacy: bool = True) -> list[str]:
    """Filters a service login (the hub) may read and write: every topic of the accepted versions."""
    return [f"{_ROOTS[v]}/#" for v in _versions(legacy)]


def device_subscriptions(site: str, device: str, *, version: int = VERSION) -> list[str]:
    """Filters a device subscribes to: its acknowledgements, commands and responses."""
    base = f"{_ROOTS[_check_version(version)]}/{check_site_id(site)}/{check_device_id(device)}"
    return [
        f"{base}/{Channel.ACK.value}",
        f"{base}/{Channel.COMMAND.value}/#",
        f"{base}/{Channel.RESPONSE.value}/#",
    ]


def device_acl(site: str, device: str, legacy: bool = True) -> list[tuple[str, str]]:
    """(access, topic filter) pairs a broker ACL grants one device: its own topics and nothing else
    (in v2, and in v1 too while ``legacy``, so a device not yet upgraded keeps working)."""
    rules = []
    for version in _versions(legacy):
        base = f"{_ROOTS[version]}/{check_site_id(site)}/{check_device_id(device)}"
        for channel in sorted(DEVICE_CHANNELS):
            suffix = "/#" if channel in NAMED_CHANNELS else ""
            rules.append(("write", f"{base}/{channel.value}{suffix}"))
        rules.extend(("read", f) for f in device_subscriptions(site, device, version=version))
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
