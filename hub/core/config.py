"""The hub's one Settings object (env prefix ONESTOP_HUB_), validated once at start-up and passed down.

Feature engineers add their fields here with small additive edits, each with a default and a comment.
"""

from __future__ import annotations

import re
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from wire.broker import BrokerAddress, MqttProtocol, parse_broker_url

_INSTANCE_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,31})$")
#: the keys a real hub must be given; their built-in values only work with ``demo`` (``onestop demo``)
DEMO_KEYS = {
    "light_id_key": "onestop-demo-light-id-key",
    "enrolment_id_key": "onestop-demo-enrolment-key",
    "query_password_key": "onestop-demo-query-password-key",
}
MIN_KEY_CHARS = 32


def parse_amqp_urls(text: str) -> list[str]:
    """``amqp://user:pass@host:port/vhost`` URLs separated by commas or spaces; ValueError naming a bad one."""
    urls = [u for u in text.replace(",", " ").split() if u]
    if not urls:
        raise ValueError("no AMQP URL given (e.g. amqp://onestop-hub:secret@10.0.0.11:5672/%2F)")
    for url in urls:
        parts = urlsplit(url)
        try:
            _ = parts.port
        except ValueError:
            raise ValueError(f"AMQP URL {url!r} has an invalid port") from None
        if parts.scheme not in ("amqp", "amqps") or not parts.hostname:
            raise ValueError(f"AMQP URL {url!r} must look like amqp://user:password@host:5672/%2F")
    return urls


class SettingsError(ValueError):
    """Settings that cannot be used; the message names the setting (and its environment variable)."""


def parse_http_address(text: str) -> tuple[str, int]:
    """``HOST:PORT`` (``[::1]:8000`` for IPv6) to a pair; ValueError saying what is wrong."""
    host, sep, port_text = text.rpartition(":")
    if not sep or not host or not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise ValueError(f"HTTP address {text!r} must be HOST:PORT with a port 1-65535, e.g. 127.0.0.1:8000")
    return host.strip("[]"), int(port_text)


class Settings(BaseSettings):
    """Everything the hub process needs. Every field can come from ``ONESTOP_HUB_<FIELD>``."""

    model_config = SettingsConfigDict(env_prefix="ONESTOP_HUB_", frozen=True, extra="forbid")

    demo: bool = False  # the one-machine demo (onestop demo): the built-in demo keys are allowed
    # --- storage
    db_url: str = "sqlite:///var/hub.db"  # any SQLAlchemy URL; postgresql:// means psycopg 3
    # --- MQTT
    broker_url: str = "mqtt://127.0.0.1:1883"  # mqtt://[user[:password]@]host[:port]
    broker_username: str | None = None  # wins over the URL's user
    broker_password: SecretStr | None = None  # wins over the URL's password
    mqtt_protocol: MqttProtocol = MqttProtocol.V311
    mqtt_keepalive: Annotated[int, Field(ge=5, le=3600)] = 30
    instance_id: str = "hub-1"  # stable per process: names the persistent MQTT session
    shared_subscription: bool = False  # join $share/onestop-hub/... so several hubs split the load
    # RabbitMQ cluster (docs/scaling.md): consume devices' MQTT traffic as competing AMQP consumers of one
    # quorum queue instead of an MQTT session; the cluster's nodes, comma-separated (fail over in order)
    amqp_urls: str | None = None  # amqp://user:password@host:5672/%2F,amqp://...
    amqp_queue: str = "onestop.hub.ingest"
    # migration window of the portable topic contract (v2): also take onestop/v1/... from agents not yet
    # upgraded, answer them on v1, send commands on both; set false once every agent speaks v2
    accept_v1_topics: bool = True
    # --- ingest batching: a batch closes at batch_size messages or batch_latency_ms after its first.
    # Keep batch_size at most half the broker's in-flight window (max_inflight_messages 2000 in
    # deploy/mosquitto): the hub acks only after COMMIT, so a batch of the whole window leaves the broker
    # nothing to send while it commits; with half, the next batch arrives meanwhile (issue 19,
    # docs/scaling.md)
    batch_size: Annotated[int, Field(ge=1, le=10_000)] = 1000
    batch_latency_ms: Annotated[int, Field(ge=1, le=10_000)] = 50
    # --- dead letters (issue 13): refused messages are kept this long, and at most this many
    dead_letter_keep_days: Annotated[float, Field(gt=0, le=3650)] = 14.0
    dead_letter_max_rows: Annotated[int, Field(ge=10, le=10_000_000)] = 10_000
    dead_letter_prune_s: Annotated[float, Field(ge=0.05, le=86_400)] = 60.0  # how often the cap is applied
    # --- devices the hub never provisioned (issue 13): on a broker without the project's ACL any client can
    # name a new device; the hub keeps at most this many of them (0: only provisioned devices), and
    # dead-letters the messages of one more as ``unknown_device_cap``. Devices it already holds keep working.
    max_unknown_devices: Annotated[int, Field(ge=0, le=10_000_000)] = 1000
    # --- HTTP
    http_host: str = "127.0.0.1"
    http_port: Annotated[int, Field(ge=1, le=65535)] = 8000
    http_header_timeout_s: Annotated[float, Field(gt=0, le=300)] = (
        10.0  # a request's headers must arrive by then
    )
    # a live stream (server-sent events) ends after this long and the browser reconnects; it also ends at once
    # when the hub stops. Long, because an alarm raised while a browser reconnects waits for it (issue 19).
    live_stream_s: Annotated[float, Field(ge=0.5, le=3600)] = 300.0
    # stamp every live alarm with the moments it passed the hub's stages (ms, wall clock: batch taken, row,
    # COMMIT, streamed) in a "trace" member, for benchmarks/rating_alarm.py's per-leg breakdown; off in service
    trace_latency: bool = False
    trusted_proxies: str | None = None  # comma-separated reverse-proxy IPs whose X-Forwarded-For is believed
    http_max_body_bytes: Annotated[int, Field(ge=1024, le=100_000_000)] = 1_048_576  # larger: 413
    # --- provisioning (issue 8, hub/provisioning)
    claim_ttl_s: Annotated[int, Field(ge=30, le=7 * 86_400)] = 900  # how long a device's claim code works
    device_broker_url: str | None = None  # broker URL handed to devices (default: broker_url, no login)
    mosquitto_password_file: str | None = None  # unset: the hub does not manage broker logins (demo)
    mosquitto_acl_file: str | None = None  # written together with the password file
    mosquitto_reload: str = ""  # pid:/run/mosquitto/mosquitto.pid, or a command (systemctl reload mosquitto)
    config_push_interval_s: Annotated[float, Field(ge=0.05, le=3600)] = 1.0  # check for devices behind config
    advertise: bool = True  # hub serve announces itself over zeroconf (_onestop._tcp); false: it does not
    advertise_interfaces: str | None = None  # comma-separated IPv4 addresses to announce on (default: all)
    advertise_ttl: Annotated[int, Field(ge=1, le=3600)] = 30  # zeroconf record lifetime in seconds
    advertise_name: str | None = None  # the announced id (default <instance_id>-<host>); unique on the LAN
    # --- counter toolkit (issue 14): the office whose document series this hub numbers
    counter_office: Annotated[str, Field(pattern=r"^[A-Z][A-Z0-9]{1,9}$")] = (
        "XT"  # printed in document numbers
    )
    counter_office_name: Annotated[str, Field(min_length=1, max_length=60)] = "臺中市西屯區戶政事務所"
    # --- cases and notifications (issue 5)
    public_url: str = "http://127.0.0.1:8000"  # where citizens query progress; put in notification texts
    smtp_host: str | None = None  # no host: email notifications wait in the outbox
    smtp_port: Annotated[int, Field(ge=1, le=65535)] = 25
    smtp_starttls: bool = False
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    mail_from: str = "OneStop <onestop@localhost>"
    sms_url: str | None = None  # the SMS provider's HTTP endpoint (POST JSON {to, text, reference})
    sms_api_key: SecretStr | None = None
    notify_interval_s: Annotated[float, Field(ge=0.05, le=3600)] = 10.0  # outbox worker period
    # --- kindergarten enrolment (issue 9): HMAC key turning a child's national ID into a stored reference
    enrolment_id_key: SecretStr = SecretStr("onestop-demo-enrolment-key")  # set a random one in production
    # --- citizen card login (issue 3, hub/auth); no trust anchors = card login answers "not configured"
    trust_anchors: str | None = None  # PEM file: root CA(s) and issuing CA(s) of citizen cards
    crl: str | None = (
        None  # CRL file (PEM, several allowed, or DER) of the issuing CAs; required with anchors
    )
    crl_refresh_s: Annotated[float, Field(ge=1, le=86_400)] = 3600.0  # how often the CRL file is re-read
    auth_nonce_ttl_s: Annotated[float, Field(gt=0, le=120)] = 120.0  # login challenge lifetime
    citizen_idle_timeout_s: Annotated[float, Field(ge=10, le=3600)] = 180.0  # session ends after this idle
    # --- counter ratings (issue 7, hub/ratings): the share-of-negative-ratings alarm per counter
    rating_share_window_min: Annotated[int, Field(ge=5, le=24 * 60)] = 60  # sliding window
    rating_share_min_count: Annotated[int, Field(ge=1, le=1000)] = 5  # fewer official ratings: no alarm
    rating_share_raise_pct: Annotated[int, Field(ge=1, le=100)] = 40  # raise at this % negative or more
    rating_share_clear_pct: Annotated[int, Field(ge=0, le=99)] = 20  # re-arm once at or below this %
    ocsp_url: str | None = (
        None  # OCSP responder asked before the CRL (a doubtful answer leaves it to the CRL)
    )
    # HMAC key of the query-password verifiers the hub makes (hub/cases/passwords.py); outside the database
    query_password_key: SecretStr = SecretStr("onestop-demo-query-password-key")
    light_id_key: SecretStr = SecretStr("onestop-demo-light-id-key")  # HMAC key: light-ID subject keys
    light_id_per_minute: Annotated[int, Field(ge=1, le=10_000)] = 10  # light-ID attempts per client address
    # --- household-registration counter toolkit III (issue 16: N+e notices, seals, application images)
    household_id_key: SecretStr = SecretStr(
        "onestop-demo-household-key"
    )  # HMAC key: person keys (set in prod)
    nplus_e_signing_key: str = (
        "var/nplus-e-signing.pem"  # Ed25519 PEM signing the daily batch (made if missing)
    )
    nplus_e_ssh_key: str = "var/nplus-e-ssh"  # the hub's SSH identity for SFTP agencies (OpenSSH private key)
    nplus_e_interval_s: Annotated[float, Field(ge=0.05, le=3600)] = (
        60.0  # build due batches, deliver due files
    )
    nplus_e_batch_hour: Annotated[int, Field(ge=0, le=23)] = (
        1  # a day's batch is built after this hour next day
    )

    @field_validator("db_url")
    @classmethod
    def _db_url(cls, value: str) -> str:
        from sqlalchemy.engine import make_url
        from sqlalchemy.exc import ArgumentError

        try:
            url = make_url(value)
        except ArgumentError:
            raise ValueError(
                f"database URL {value!r} is not a SQLAlchemy URL "
                "(e.g. sqlite:///var/hub.db or postgresql://user@host/db)"
            ) from None
        if url.get_backend_name() not in ("sqlite", "postgresql"):
            raise ValueError(
                f"database {url.get_backend_name()!r} is not supported: use sqlite or postgresql"
            )
        return value

    @field_validator("broker_url")
    @classmethod
    def _broker_url(cls, value: str) -> str:
        parse_broker_url(value)
        return value

    @field_validator("amqp_urls")
    @classmethod
    def _amqp_urls(cls, value: str | None) -> str | None:
        if value is not None:
            parse_amqp_urls(value)
        return value

    @field_validator("instance_id")
    @classmethod
    def _instance(cls, value: str) -> str:
        if not _INSTANCE_RE.fullmatch(value):
            raise ValueError(
                f"instance id {value!r} must be 1-32 of [a-z0-9-], starting with a letter or digit"
            )
        return value

    @property
    def broker(self) -> BrokerAddress:
        """Host and port from the URL; explicit username/password settings win over the URL's."""
        parsed = parse_broker_url(self.broker_url)
        password = self.broker_password.get_secret_value() if self.broker_password else parsed.password
        return BrokerAddress(parsed.host, parsed.port, self.broker_username or parsed.username, password)

    def key_problems(self) -> list[str]:
        """Why each ID-hashing key cannot be used outside the demo (empty, short or the built-in demo key):
        with a known key a child's ID is recovered from its hash in a fraction of a second."""
        if self.demo:
            return []
        problems = []
        for name, demo_value in DEMO_KEYS.items():
            value: SecretStr = getattr(self, name)
            secret = value.get_secret_value()
            env = f"ONESTOP_HUB_{name.upper()}"
            if not secret:
                problems.append(f"{name} ({env}) is empty")
            elif secret == demo_value:
                problems.append(f"{name} ({env}) is the built-in demo key")
            elif len(secret) < MIN_KEY_CHARS:
                problems.append(f"{name} ({env}) is shorter than {MIN_KEY_CHARS} characters")
        return problems

    @property
    def mqtt_client_id(self) -> str:
        """The persistent session's client id: the same across restarts of this instance."""
        return f"onestop-{self.instance_id}"


def load_settings(**overrides: object) -> Settings:
    """Environment + explicit values (e.g. from the command line); SettingsError naming the first bad one."""
    values = {k: v for k, v in overrides.items() if v is not None}
    try:
        return Settings(**values)  # type: ignore[arg-type]
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        key = ".".join(str(p) for p in err["loc"]) or "(root)"
        message = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            message = "is not a known setting"
        raise SettingsError(f"hub setting {key} (env ONESTOP_HUB_{key.upper()}): {message}") from None
