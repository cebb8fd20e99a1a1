"""The technicians' fleet view: one row per device (JSON; the page is ``templates/fleet.html``)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hub.devices.models import Command, Device, SeqGap
from hub.provisioning.models import DeviceConfig, DeviceCredential

RECENT_COMMANDS = 5


@dataclass(frozen=True, slots=True)
class CommandView:
    id: str
    type: str
    status: str
    sent_at: int
    acked_at: int | None
    detail: str | None


@dataclass(frozen=True, slots=True)
class FleetRow:
    device_id: str
    site: str
    counter: str
    kind: str
    provisioned: bool
    online: bool
    last_seen: int | None
    session: int | None
    open_gaps: int
    alarms: list[str]
    desired_version: int
    reported_version: int
    commands: list[CommandView] = field(default_factory=list)

    @property
    def in_sync(self) -> bool:
        return self.reported_version == self.desired_version

    def as_json(self) -> dict[str, Any]:
        return {**asdict(self), "in_sync": self.in_sync}


def alarms_from_health(health: dict[str, Any] | None) -> list[str]:
    """``component: reason`` for every component of a tele/health body that is not ok."""
    if not health:
        return []
    out = []
    for name, comp in sorted((health.get("components") or {}).items()):
        if comp.get("state") != "ok":
            out.append(
                f"{name}: {comp.get('state')}" + (f" ({comp['reason']})" if comp.get("reason") else "")
            )
    return out


def fleet_rows(session: Session, now: int) -> list[FleetRow]:
    devices = {d.id: d for d in session.scalars(select(Device))}
    creds = {c.device_id: c for c in session.scalars(select(DeviceCredential))}
    configs = {c.device_id: c for c in session.scalars(select(DeviceConfig))}
    gaps = dict(
        session.execute(
            select(SeqGap.device, func.count()).where(SeqGap.filled_at.is_(None)).group_by(SeqGap.device)
        ).all()
    )
    rows = []
    for device_id in sorted(set(devices) | set(creds)):
        dev, cred, cfg = devices.get(device_id), creds.get(device_id), configs.get(device_id)
        commands = session.scalars(
            select(Command)
            .where(Command.device == device_id)
            .order_by(Command.sent_at.desc())
            .limit(RECENT_COMMANDS)
        ).all()
        reported = cfg.reported_version if cfg is not None else ((dev.config_version or 0) if dev else 0)
        rows.append(
            FleetRow(
                device_id=device_id,
                site=(dev.site if dev else None) or (cred.site if cred else ""),
                counter=cred.counter if cred else "",
                kind=(dev.kind if dev else None) or (cred.kind if cred else ""),
                provisioned=cred is not None,
                online=bool(dev and dev.online),
                last_seen=dev.last_seen if dev else None,
                session=dev.session if dev else None,
                open_gaps=int(gaps.get(device_id, 0)),
                alarms=alarms_from_health(dev.health if dev else None),
                desired_version=cfg.desired_version if cfg else 0,
                reported_version=reported,
                commands=[
                    CommandView(c.id, c.type, c.status, c.sent_at, c.acked_at, c.detail) for c in commands
                ],
            )
        )
    return rows


COMMAND_BUTTONS = (
    ("test_print", "Test print"),
    ("restart", "Restart agent"),
    ("reread_config", "Re-read config"),
)
