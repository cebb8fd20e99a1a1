"""How every OneStop process names its broker: ``mqtt://[user[:password]@]host[:port]`` and the MQTT level."""

from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import unquote, urlsplit


class MqttProtocol(StrEnum):
    """MQTT protocol level; 3.1.1 by default because the demo's embedded broker speaks only that."""

    V311 = "3.1.1"
    V5 = "5"


@dataclass(frozen=True, slots=True)
class BrokerAddress:
    host: str
    port: int
    username: str | None = None
    password: str | None = None


def parse_broker_url(url: str) -> BrokerAddress:
    """``mqtt://[user[:password]@]host[:port]`` to an address; ValueError saying what is wrong."""
    parts = urlsplit(url)
    if parts.scheme != "mqtt":
        raise ValueError(f"broker URL {url!r} must start with mqtt:// (e.g. mqtt://127.0.0.1:1883)")
    try:
        port = parts.port or 1883
    except ValueError:
        raise ValueError(f"broker URL {url!r} has an invalid port") from None
    if not parts.hostname:
        raise ValueError(f"broker URL {url!r} names no host (e.g. mqtt://127.0.0.1:1883)")
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise ValueError(f"broker URL {url!r} must be only mqtt://host:port")
    return BrokerAddress(
        host=parts.hostname,
        port=port,
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
    )
