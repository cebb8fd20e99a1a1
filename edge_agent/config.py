"""The edge agent's one validated configuration, loaded from a YAML file at start."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from wire import DeviceKind, check_device_id, check_site_id
from wire.broker import BrokerAddress, MqttProtocol, parse_broker_url


class ConfigError(ValueError):
    """A configuration file that cannot be used; the message names the file and the key."""

    def __init__(self, path: Path | str, key: str, message: str) -> None:
        super().__init__(f"{path}: {key}: {message}" if key else f"{path}: {message}")
        self.path = Path(path)
        self.key = key
        self.message = message


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class BrokerConfig(_Strict):
    url: str
    username: str | None = None
    password: str | None = None
    protocol: MqttProtocol = MqttProtocol.V311
    keepalive: Annotated[int, Field(ge=5, le=3600)] = 30
    #: the topic contract: 2 (portable, the default); 1 only while the hub is older than contract 2
    topic_version: Literal[1, 2] = 2

    @field_validator("url")
    @classmethod
    def _url(cls, value: str) -> str:
        parse_broker_url(value)
        return value

    @property
    def address(self) -> BrokerAddress:
        """Host and port from the URL; ``username``/``password`` keys win over the URL's."""
        parsed = parse_broker_url(self.url)
        return BrokerAddress(
            parsed.host, parsed.port, self.username or parsed.username, self.password or parsed.password
        )


class ApiConfig(_Strict):
    host: str = "127.0.0.1"
    port: Annotated[int, Field(ge=0, le=65535)] = 8470  # 0 = any free port (tests)

    @field_validator("host")
    @classmethod
    def _loopback(cls, value: str) -> str:
        if value not in ("127.0.0.1", "localhost", "::1"):
            raise ValueError("the local API listens on loopback only (127.0.0.1, localhost or ::1)")
        return value


class BackoffConfig(_Strict):
    min: Annotated[float, Field(gt=0, le=60)] = 0.5
    max: Annotated[float, Field(gt=0, le=3600)] = 30.0

    @model_validator(mode="after")
    def _ordered(self) -> BackoffConfig:
        if self.max < self.min:
            raise ValueError(f"max ({self.max}) must not be below min ({self.min})")
        return self


class AgentConfig(_Strict):
    """Everything the agent needs; ``components`` holds raw per-component config each validates itself."""

    device_id: str
    site: str
    kind: DeviceKind
    broker: BrokerConfig
    data_dir: Path
    api: ApiConfig = ApiConfig()
    ack_timeout: Annotated[float, Field(gt=0, le=600)] = 5.0
    backoff: BackoffConfig = BackoffConfig()
    health_interval: Annotated[float, Field(gt=0, le=86_400)] = 60.0
    window: Annotated[int, Field(ge=1, le=10_000)] = 500
    components: dict[str, dict[str, Any]] = {}

    @field_validator("device_id")
    @classmethod
    def _device(cls, value: str) -> str:
        return check_device_id(value)

    @field_validator("site")
    @classmethod
    def _site(cls, value: str) -> str:
        return check_site_id(value)

    @field_validator("components", mode="before")
    @classmethod
    def _components(cls, value: Any) -> Any:
        if value is None:
            return {}
        if isinstance(value, dict):
            # A component listed with no settings (``printer:``) has an empty config.
            return {name: ({} if conf is None else conf) for name, conf in value.items()}
        return value

    @property
    def outbox_path(self) -> Path:
        return self.data_dir / "outbox.sqlite3"


def _first_error(exc: ValidationError) -> tuple[str, str]:
    err = exc.errors(include_url=False)[0]
    key = ".".join(str(p) for p in err["loc"]) or "(root)"
    message = err["msg"].removeprefix("Value error, ")
    if err["type"] == "missing":
        message = "is required but missing"
    elif err["type"] == "extra_forbidden":
        message = "is not a known setting (check its spelling)"
    more = f" (and {exc.error_count() - 1} more problems)" if exc.error_count() > 1 else ""
    return key, message + more


def config_from_mapping(data: Any, source: Path | str = "<config>") -> AgentConfig:
    """Validate already-parsed config; ConfigError names ``source`` and the first bad key."""
    if not isinstance(data, dict):
        raise ConfigError(source, "", f"must be a YAML mapping of settings, not {type(data).__name__}")
    try:
        return AgentConfig.model_validate(data)
    except ValidationError as exc:
        key, message = _first_error(exc)
        raise ConfigError(source, key, message) from None


def load_config(path: Path | str) -> AgentConfig:
    """Read and validate an agent config file; relative ``data_dir`` is taken from the file's folder."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(path, "", f"cannot be read: {exc.strerror}") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise ConfigError(path, "", f"is not valid YAML{where}") from None
    config = config_from_mapping(data, path)
    if not config.data_dir.is_absolute():
        config = config.model_copy(update={"data_dir": (path.parent / config.data_dir).resolve()})
    return config
