"""The technicians' fleet view: one row per device, as JSON and as a self-refreshing HTML page."""

from __future__ import annotations

import html
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
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
    reported_version: int  # the version the device applied and runs (its last good configuration)
    commands: list[CommandView] = field(default_factory=list)
    components: dict[str, ComponentView] = field(default_factory=dict)
    rolled_back_version: int | None = None
    rollback_reason: str = ""
    rolled_back_at: int | None = None

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


def _when(ms: int | None) -> str:
    if ms is None:
        return "never"
    return datetime.fromtimestamp(ms / 1000, UTC).strftime("%Y-%m-%d %H:%M:%S")


COMMAND_BUTTONS = (
    ("test_print", "Test print"),
    ("restart", "Restart agent"),
    ("reread_config", "Re-read config"),
)


def _buttons(device_id: str, online: bool) -> str:
    if not online:
        return ""
    return "".join(
        f"<form method='post' action='/provisioning/fleet/{html.escape(device_id)}/{name}'>"
        f"<button type='submit'>{label}</button></form>"
        for name, label in COMMAND_BUTTONS
    )


def _rollback(r: FleetRow) -> str:
    if r.rolled_back_version is None:
        return ""
    return (
        f"<div class='rollback' role='alert'>version {r.rolled_back_version} rolled back "
        f"({html.escape(_when(r.rolled_back_at))} UTC): {html.escape(r.rollback_reason)}</div>"
    )


def _components(r: FleetRow) -> str:
    e = html.escape
    return (
        "<br>".join(
            f"<span class='c-{e(c.state)}' data-component='{e(name)}'>{e(name)}: {e(c.state)}"
            + (f" ({e(c.reason)})" if c.reason else "")
            + "</span>"
            for name, c in r.components.items()
        )
        or "—"
    )


def render_page(rows: list[FleetRow], now: int, notice: str = "") -> str:
    """A plain HTML table that refreshes itself every 5 s (no script needed), with command buttons."""
    e = html.escape
    body = []
    for r in rows:
        cmds = (
            "<br>".join(f"{e(c.type)}: <b>{e(c.status)}</b> {e(c.detail or '')}" for c in r.commands) or "—"
        )
        state = "online" if r.online else "offline"
        body.append(
            f"<tr class='{state}' data-device='{e(r.device_id)}'><td>{e(r.device_id)}</td><td>{e(r.kind)}</td>"
            f"<td>{e(r.site)}</td><td>{e(r.counter)}</td><td class='state'>{state}</td>"
            f"<td>{e(_when(r.last_seen))}</td><td>{r.session if r.session is not None else '—'}</td>"
            f"<td class='gaps'>{r.open_gaps}</td><td class='alarms'>{e('; '.join(r.alarms)) or 'none'}</td>"
            f"<td class='config {'sync' if r.in_sync else 'behind'}'>"
            f"reported {r.reported_version} / desired {r.desired_version}{_rollback(r)}</td>"
            f"<td class='components'>{_components(r)}</td><td>{cmds}</td>"
            f"<td class='actions'>{_buttons(r.device_id, r.online)}</td></tr>"
        )
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><meta http-equiv='refresh' content='5'>"
        "<title>OneStop fleet</title><style>body{font-family:sans-serif}table{border-collapse:collapse}"
        "td,th{border:1px solid #999;padding:4px 8px}.offline{color:#777}.behind{background:#fde68a}"
        ".sync{background:#bbf7d0}.rollback{color:#b91c1c}.c-error{color:#b91c1c}.c-warning{color:#a16207}</style></head><body>"
        "<h1>Fleet</h1><p><a href='/provisioning/claim'>Claim a device</a></p>"
        + (f"<p class='notice' role='status'>{e(notice)}</p>" if notice else "")
        + f"<p>{len(rows)} device{'' if len(rows) == 1 else 's'}, {sum(r.online for r in rows)} online; "
        f"as of {_when(now)} UTC</p>"
        "<table><thead><tr><th>device</th><th>kind</th><th>site</th><th>counter</th><th>state</th>"
        "<th>last seen (UTC)</th><th>session</th><th>open seq gaps</th><th>health alarms</th><th>config (applied / desired)</th>"
        "<th>components</th>"
        f"<th>recent commands</th><th>send</th></tr></thead><tbody>{''.join(body)}</tbody></table></body></html>"
    )
