"""MQTT handlers: a device reports its config version on connect (and gets what it misses), after applying,
and after rolling a version back. A provisioned device is a known device: never held to the unknown devices'
cap (``hub.ingest.known_devices``)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from hub.ingest.handlers import on_event, on_request
from hub.ingest.known_devices import known_devices
from hub.provisioning import service
from hub.provisioning.models import DeviceConfig, DeviceCredential
from wire import Decoded, Payload, now_ms
from wire.payloads.device import ComponentHealth
from wire.payloads.provisioning import ConfigApplied, ConfigDesired, ConfigRolledBack, ConfigSync


@known_devices
def provisioned() -> Select[tuple[str]]:
    """Every device a technician claimed (it holds a broker login the hub issued)."""
    return select(DeviceCredential.device_id)


@on_request("config.sync")
def config_sync(session: Session, msg: Decoded) -> Payload:
    """Record what the device runs; hand it the desired config if it is behind (it was offline, or reset)."""
    assert isinstance(msg.body, ConfigSync)
    device = msg.address.device
    service.record_reported(session, device, msg.body.version, now_ms())
    row = session.get(DeviceConfig, device)
    if row is None or row.desired_version == 0 or row.desired is None:
        return ConfigDesired(version=0)
    behind = msg.body.version != row.desired_version
    return ConfigDesired(version=row.desired_version, config=row.desired if behind else None)


def _health(components: dict[str, ComponentHealth]) -> dict[str, Any]:
    return {name: h.model_dump(mode="json") for name, h in components.items()}


@on_event("config.applied")
def config_applied(session: Session, msg: Decoded) -> None:
    assert isinstance(msg.body, ConfigApplied)
    body = msg.body
    service.record_reported(
        session, msg.address.device, body.version, msg.envelope.ts, _health(body.components)
    )


@on_event("config.rolled_back")
def config_rolled_back(session: Session, msg: Decoded) -> None:
    """A version that did not start on the device: it runs ``running_version`` again; keep the reason."""
    assert isinstance(msg.body, ConfigRolledBack)
    body = msg.body
    service.record_rollback(
        session, msg.address.device, body.version, body.running_version, body.reason, msg.envelope.ts,
        _health(body.components),
    )  # fmt: skip
