"""The supervisors' devices view of one office (pure reading): which kiosk or counter PC is faulty and why.

A device is *offline* (its last will or goodbye was seen), *faulty* (a peripheral reports an error or a
warning: paper out, scanner jam, printer stopped…) or *working*. Problems are named from the component's
machine code (``paper_out``) in the reader's language; an agent too old to send codes shows its own sentence.
The texts here are zh-TW; their English is in ``messages.en.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hub.core.offices import OFFICES
from hub.devices.models import Device

OK, FAULT, OFFLINE = "ok", "fault", "offline"
#: what the view says about each machine code an agent sends (edge_agent's DeviceHealth codes)
PROBLEM_TEXT: dict[str, str] = {
    "paper_out": "缺紙",
    "paper_low": "紙快用完",
    "no_paper": "進紙匣沒有紙",
    "jammed": "卡紙",
    "cover_open": "上蓋未關",
    "unavailable": "沒有連線",
    "not_answering": "沒有回應",
    "printer_error": "印表機故障",
    "scanner_error": "掃描器故障",
    "stopped": "印表機已停止",
    "not_accepting": "列印佇列不收件",
    "uncertain_job": "上一張單據不確定是否印出",
    "port_busy": "連接埠被其他程式占用",
}
#: a problem without a code (an older agent): named by its severity
STATE_TEXT = {"error": "故障", "warning": "需要注意"}
COMPONENT_TEXT: dict[str, str] = {
    "printer": "收據印表機",
    "receipt_printer": "收據印表機",
    "a4printer": "A4 印表機",
    "a4_printer": "A4 印表機",
    "scanner": "掃描器",
    "card_reader": "讀卡機",
    "card": "讀卡機",
    "barcode": "條碼掃描器",
    "barcode_reader": "條碼掃描器",
    "keypad": "評分鍵盤",
    "forms": "表單",
    "provisioning": "設定",
}
KIND_TEXT = {"kiosk": "自助服務機", "counter": "櫃檯電腦", "keypad": "評分鍵盤"}
STATUS_TEXT = {OK: "正常", FAULT: "故障", OFFLINE: "離線"}


@dataclass(frozen=True, slots=True)
class Problem:
    component: str  # the configured name, e.g. receipt_printer
    component_text: str  # zh-TW, "" when the name is not a known one (then the name is shown as data)
    text: str  # zh-TW text of a known code, else ""
    reason: str  # the agent's own sentence, shown only when there is no known code
    severity: str  # error | warning


@dataclass(frozen=True, slots=True)
class DeviceView:
    device_id: str
    site: str
    kind: str
    status: str  # ok | fault | offline
    last_seen: int | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def kind_text(self) -> str:
        return KIND_TEXT.get(self.kind, "")

    @property
    def status_text(self) -> str:
        return STATUS_TEXT[self.status]


def problems_of(health: dict[str, Any] | None) -> list[Problem]:
    """Every component of a stored tele/health body that is not ok, errors first."""
    out = []
    for name, comp in sorted(((health or {}).get("components") or {}).items()):
        state = str(comp.get("state", ""))
        if state == "ok":
            continue
        code = str(comp.get("code") or "")
        known = PROBLEM_TEXT.get(code, "")
        out.append(
            Problem(
                component=name,
                component_text=COMPONENT_TEXT.get(name, ""),
                text=known or ("" if comp.get("reason") else STATE_TEXT.get(state, "故障")),
                reason="" if known else str(comp.get("reason") or ""),
                severity="warning" if state == "warning" else "error",
            )
        )
    return sorted(out, key=lambda p: p.severity != "error")


def view_of(device: Device) -> DeviceView:
    problems = problems_of(device.health) if device.online else []
    status = OFFLINE if not device.online else (FAULT if problems else OK)
    return DeviceView(device.id, device.site, device.kind or "", status, device.last_seen, problems)


def office_devices(session: Session, site: str | None) -> list[DeviceView]:
    """The devices of ``site`` (every office when None): offline and faulty ones first, then by id."""
    query = select(Device).order_by(Device.site, Device.id)
    if site:
        query = query.where(Device.site == site)
    order = {OFFLINE: 0, FAULT: 1, OK: 2}
    return sorted(
        (view_of(d) for d in session.scalars(query)), key=lambda v: (order[v.status], v.site, v.device_id)
    )


def known_sites(session: Session) -> list[tuple[str, str]]:
    """``(site, office name or "")`` of every site that has a device, for the office filter."""
    sites = session.scalars(select(Device.site).distinct().order_by(Device.site))
    return [(s, OFFICES.get(s, "")) for s in sites]
