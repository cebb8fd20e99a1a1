"""Counter scans through the agent: ask a counter PC's scanner for a pass, then read the pages it brought.

``request_scan`` records the request and commits before it sends ``scanner.scan`` (SQLite has one writer and the
hub link records the command in its own transaction). Seals and the archive read a finished scan's pages with
``pages``; this module is their shared scanning library, like ``hub.staff.accounts.audit``.
"""

from __future__ import annotations

import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from hub.devices.models import Device
from hub.documents.models import DocumentBlob
from hub.scans.models import CounterScan, CounterScanPage
from wire import now_ms
from wire.payloads.documents import ScanCommand

PURPOSES = ("seal", "archive")


class ScanError(ValueError):
    def __init__(self, field: str, message: str, status: int = 422) -> None:
        super().__init__(f"{field}: {message}")
        self.field, self.message, self.status = field, message, status


def request_scan(session: Session, link: object, device_id: str, purpose: str, staff: str) -> CounterScan:
    """NotConnectedError (→ 503) leaves the scan recorded with the error, so the page can say what happened."""
    if purpose not in PURPOSES:
        raise ScanError("purpose", f"must be one of {', '.join(PURPOSES)}")
    device = session.get(Device, device_id)
    if device is None:
        raise ScanError("device", f"no device {device_id[:63]!r} is known to the hub", 404)
    if device.components is not None and "scanner" not in device.components:
        raise ScanError("device", f"device {device_id[:63]} has no scanner", 409)
    scan = CounterScan(
        batch=secrets.token_hex(16), site=device.site, device=device.id, purpose=purpose, requested_by=staff,
        requested_at=now_ms(),
    )  # fmt: skip
    session.add(scan)
    session.commit()
    try:
        link.send_command(device.site, device.id, ScanCommand(batch=scan.batch))  # type: ignore[attr-defined]
    except Exception as exc:
        scan.error = f"the scan command could not be sent: {exc}"[:500]
        session.commit()
        raise
    return scan


def pages(session: Session, batch: str, field: str = "scan") -> list[bytes]:
    """The images of a finished scan, in page order; ScanError when it has not (fully) arrived."""
    scan = session.get(CounterScan, batch)
    if scan is None:
        raise ScanError(field, "no such scan", 404)
    if scan.error:
        raise ScanError(field, scan.error, 409)
    rows = session.execute(
        select(CounterScanPage.page_index, DocumentBlob.data)
        .join(DocumentBlob, DocumentBlob.sha256 == CounterScanPage.sha256)
        .where(CounterScanPage.batch == batch)
        .order_by(CounterScanPage.page_index)
    ).all()
    if scan.completed_at is None or not rows or len(rows) < (scan.page_count or 0):
        raise ScanError(field, "the scan has not arrived yet; wait for the preview, or upload a file", 409)
    return [bytes(data) for _, data in rows]


def scanners(session: Session) -> list[str]:
    """Devices whose agent has a scanner component (what the page offers to scan with)."""
    return [
        d.id
        for d in session.scalars(select(Device).order_by(Device.id))
        if d.components and "scanner" in d.components
    ]
