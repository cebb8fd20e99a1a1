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


def fleet_rows(session: Session, now: int, only: list[str] | None = None) -> list[FleetRow]:
    """Rows for the devices ``only`` (default: every device the hub knows, for the JSON API)."""

    def limited(query: Any, column: Any) -> Any:
        return query if only is None else query.where(column.in_(only))

    devices = {d.id: d for d in session.scalars(limited(select(Device), Device.id))}
    creds = {
        c.device_id: c for c in session.scalars(limited(select(DeviceCredential), DeviceCredential.device_id))
    }
    configs = {c.device_id: c for c in session.scalars(limited(select(DeviceConfig), DeviceConfig.device_id))}
    open_gaps = select(SeqGap.device, func.count()).where(SeqGap.filled_at.is_(None))
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


def _pager(page: FleetPage) -> str:
    if page.pages == 1:
        return ""
    links = []
    if page.page > 1:
        links.append(f"<a rel='prev' href='/provisioning/fleet?page={page.page - 1}'>&larr; previous</a>")
    links.append(f"page {page.page} of {page.pages}")
    if page.page < page.pages:
        links.append(f"<a rel='next' href='/provisioning/fleet?page={page.page + 1}'>next &rarr;</a>")
    return f"<nav class='pager'>{' · '.join(links)}</nav>"


def render_page(page: FleetPage, now: int, notice: str = "") -> str:
    """A plain HTML table (one page of it) that refreshes itself every 5 s (no script needed), with
    command buttons."""
    e = html.escape
    rows = page.rows
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
            f"reported {r.reported_version} / desired {r.desired_version}</td><td>{cmds}</td>"
            f"<td class='actions'>{_buttons(r.device_id, r.online)}</td></tr>"
        )
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><meta http-equiv='refresh' content='5'>"
        "<title>OneStop fleet</title><style>body{font-family:sans-serif}table{border-collapse:collapse}"
        "td,th{border:1px solid #999;padding:4px 8px}.offline{color:#777}.behind{background:#fde68a}"
        ".sync{background:#bbf7d0}</style></head><body>"
        "<h1>Fleet</h1><p><a href='/provisioning/claim'>Claim a device</a></p>"
        + (f"<p class='notice' role='status'>{e(notice)}</p>" if notice else "")
        + f"<p>{page.total} device{'' if page.total == 1 else 's'}, {page.online} online; "
        f"as of {_when(now)} UTC</p>{_pager(page)}"
        "<table><thead><tr><th>device</th><th>kind</th><th>site</th><th>counter</th><th>state</th>"
        "<th>last seen (UTC)</th><th>session</th><th>open seq gaps</th><th>health alarms</th><th>config</th>"
        f"<th>recent commands</th><th>send</th></tr></thead><tbody>{''.join(body)}</tbody></table>"
        f"{_pager(page)}</body></html>"
    )
