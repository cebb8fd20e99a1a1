"""Config push on reconnect: a background task sends ``config.apply`` to every online device whose birth
(or later report) says it runs an older config than the desired one, once per device session and version."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hub.background import BackgroundContext, Periodic
from hub.provisioning.models import DeviceConfig
from wire.payloads.provisioning import ConfigApply

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class DeviceConfigView:
    """One online device's session and config versions, as ingest and provisioning stored them."""

    device: str
    site: str
    session: int
    birth_version: int  # config_version in the birth of the current session
    birth_at: int
    desired_version: int
    reported_version: int
    reported_at: int | None
    rolled_back_version: int | None = None  # the device tried this version and it did not start


def runs_version(view: DeviceConfigView) -> int:
    """What the device runs now: a report made after the current birth wins over the birth's version."""
    if view.reported_at is not None and view.reported_at >= view.birth_at:
        return max(view.reported_version, view.birth_version)
    return view.birth_version


def pushes_due(
    views: Iterable[DeviceConfigView], pushed: dict[str, tuple[int, int]]
) -> list[DeviceConfigView]:
    """Devices behind their desired version that were not yet sent it in this session (pure). A version the
    device rolled back is not pushed again: it would fail the same way; the technician pushes a new one or
    asks the device to re-read it (``reread_config``) once the cause is fixed."""
    return [
        v
        for v in views
        if v.desired_version > runs_version(v)
        and pushed.get(v.device) != (v.session, v.desired_version)
        and v.rolled_back_version != v.desired_version
    ]


def _views(session: Session) -> list[tuple[DeviceConfigView, dict[str, Any]]]:
    from hub.devices.models import Device

    rows = session.execute(
        select(Device, DeviceConfig)
        .join(DeviceConfig, DeviceConfig.device_id == Device.id)
        .where(Device.online.is_(True), DeviceConfig.desired_version > 0, Device.session.is_not(None))
    ).all()
    out = []
    for dev, cfg in rows:
        if cfg.desired is None:
            continue
        view = DeviceConfigView(
            dev.id,
            dev.site,
            int(dev.session or 0),
            int(dev.config_version or 0),
            int(dev.birth_at or 0),
            int(cfg.desired_version),
            int(cfg.reported_version or 0),
            cfg.reported_at,
            cfg.rolled_back_version,
        )
        out.append((view, dict(cfg.desired)))
    return out


class ConfigPusher:
    """Background task of ``hub.provisioning``; every ``config_push_interval_s`` it pushes what is due."""

    name = "provisioning-config-push"

    def __init__(self) -> None:
        self.pushed: dict[str, tuple[int, int]] = {}  # device -> (session, version) last pushed
        self._periodic = Periodic(self.name, self.step, lambda s: s.config_push_interval_s)

    def start(self, context: BackgroundContext) -> None:
        self.pushed = {}
        self._periodic.start(context)

    def stop(self) -> None:
        self._periodic.stop()

    def step(self, context: BackgroundContext) -> int:
        """Push to every device that is due; returns how many were sent."""
        link = context.hub_link
        if link is None or not link.connected:
            return 0
        with context.sessions() as session:
            found = _views(session)
        # the read is over (on SQLite it would hold the lock send_command needs to record the command)
        configs = {view.device: config for view, config in found}
        sent = 0
        for view in pushes_due((v for v, _ in found), self.pushed):
            body = ConfigApply(version=view.desired_version, config=configs[view.device])
            link.send_command(view.site, view.device, body)
            self.pushed[view.device] = (view.session, view.desired_version)
            sent += 1
            log.info(
                "config version %d pushed to %s (it came back with version %d)",
                view.desired_version,
                view.device,
                runs_version(view),
            )
        return sent
