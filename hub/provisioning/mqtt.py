"""MQTT handlers: a device reports its config version on connect (and gets what it misses) and after applying."""

from __future__ import annotations

from sqlalchemy.orm import Session

from hub.ingest.handlers import on_event, on_request
from hub.provisioning import service
from hub.provisioning.models import DeviceConfig
from wire import Decoded, Payload, now_ms
from wire.payloads.provisioning import ConfigApplied, ConfigDesired, ConfigSync


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


@on_event("config.applied")
def config_applied(session: Session, msg: Decoded) -> None:
    assert isinstance(msg.body, ConfigApplied)
    service.record_reported(session, msg.address.device, msg.body.version, msg.envelope.ts)
