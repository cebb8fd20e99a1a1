"""The technicians' fleet view: one row per device (JSON; the page is ``templates/fleet.html``)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hub.devices.gaps import missing_numbers
from hub.devices.models import Command, DeadLetter, Device, SeqGap
from hub.ingest import known_devices
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
    reported_version: int  # the version the device applied and runs (its last good configuration)
    commands: list[CommandView] = field(default_factory=list)
    components: dict[str, ComponentView] = field(default_factory=dict)
    rolled_back_version: int | None = None
    rollback_reason: str = ""
    rolled_back_at: int | None = None

    @property
    def faulty(self) -> bool:
        """Online with a component not ok (paper out, jam, error): shown unlike a working device."""
        return self.online and any(c.state != "ok" for c in self.components.values())

    @property
    def in_sync(self) -> bool:
        return self.reported_version == self.desired_version

    @property
    def applied_version(self) -> int:
        return self.reported_version

    def as_json(self) -> dict[str, Any]:
        return {**asdict(self), "in_sync": self.in_sync, "applied_version": self.applied_version}


@dataclass(frozen=True, slots=True)
class ComponentView:
    state: str
    reason: str = ""


def components_from_health(*healths: dict[str, Any] | None) -> dict[str, ComponentView]:
    """Each component's state and reason (``{name: {state, reason}}``) from the first map that has any."""
    for comps in healths:
        if comps:
            return {
                name: ComponentView(str(c.get("state", "")), str(c.get("reason") or ""))
                for name, c in sorted(comps.items())
            }
    return {}


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


#: rows on one page of the fleet table (10,000 devices must not render as one page)
PAGE_SIZE = 100


@dataclass(frozen=True, slots=True)
class FleetPage:
    """One page of the fleet table and where it sits in the whole."""

    rows: list[FleetRow]
    page: int
    pages: int
    total: int
    online: int


def fleet_page_rows(session: Session, now: int, page: int = 1, size: int = PAGE_SIZE) -> FleetPage:
    """Page ``page`` (from 1; past the end gives the last) of the fleet in device-id order: only that
    page's devices are loaded, so the cost does not grow with the fleet beyond two id scans."""
    ids = sorted(
        set(session.scalars(select(Device.id))) | set(session.scalars(select(DeviceCredential.device_id)))
    )
    online = session.scalar(select(func.count()).select_from(Device).where(Device.online)) or 0
    pages = max(1, -(-len(ids) // size))
    page = min(max(1, page), pages)
    chosen = ids[(page - 1) * size : page * size]
    return FleetPage(fleet_rows(session, now, chosen), page, pages, len(ids), int(online))


@dataclass(frozen=True, slots=True)
class UnknownDevices:
    """Devices the hub holds that no technician claimed, its cap on them, and what the cap refused (kept as
    dead letters ``unknown_device_cap``, within their own retention)."""

    held: int
    cap: int
    refused: int
    last_refused_at: int | None

    @property
    def full(self) -> bool:
        return self.held >= self.cap


def unknown_devices(session: Session, cap: int) -> UnknownDevices:
    refused = select(func.count(), func.max(DeadLetter.received_at)).where(
        DeadLetter.reason == known_devices.REASON
    )
    count, last = session.execute(refused).one()
    return UnknownDevices(known_devices.unknown_count(session), cap, int(count or 0), last)


def fleet_rows(session: Session, now: int, only: list[str] | None = None) -> list[FleetRow]:
    """Rows for the devices ``only`` (default: every device the hub knows, for the JSON API)."""

    def limited(query: Any, column: Any) -> Any:
        return query if only is None else query.where(column.in_(only))

    devices = {d.id: d for d in session.scalars(limited(select(Device), Device.id))}
    creds = {
        c.device_id: c for c in session.scalars(limited(select(DeviceCredential), DeviceCredential.device_id))
    }
    configs = {c.device_id: c for c in session.scalars(limited(select(DeviceConfig), DeviceConfig.device_id))}
    open_gaps = select(SeqGap.device, missing_numbers()).where(SeqGap.filled_at.is_(None))
    gaps = dict(session.execute(limited(open_gaps, SeqGap.device).group_by(SeqGap.device)).all())
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
                components=components_from_health(
                    ((dev.health if dev else None) or {}).get("components"),
                    cfg.applied_health if cfg else None,
                ),
                rolled_back_version=cfg.rolled_back_version if cfg else None,
                rollback_reason=(cfg.rollback_reason or "") if cfg else "",
                rolled_back_at=cfg.rolled_back_at if cfg else None,
            )
        )
    return rows


#: (command, its button's zh-TW label; English in messages.en.yaml)
COMMAND_BUTTONS = (
    ("test_print", "測試列印"),
    ("restart", "重新啟動代理程式"),
    ("reread_config", "重新讀取設定"),
)
