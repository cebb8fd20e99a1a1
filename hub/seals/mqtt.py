"""Seal scans over MQTT: send ``scanner.scan`` to a counter's agent; take the answering ``document.page``.

The page arrives like any returned page (``hub.documents`` assembles and stores it first, in the same ingest
transaction); when its batch is one this feature asked for, the image is checked and kept as a seal image and
the page's link row is removed from the unattached-pages inbox (a seal impression is not a case's page).
"""

from __future__ import annotations

import secrets

from sqlalchemy import delete
from sqlalchemy.orm import Session

from hub.core.images import BadImage, check_image
from hub.devices.models import Device
from hub.documents.models import CaseDocument, DocumentBlob
from hub.ingest.handlers import on_event
from hub.seals.models import SealScan
from hub.seals.service import SealError, store_image
from wire import Decoded, now_ms
from wire.payloads.documents import DocumentPage, ScanCommand


def request_scan(session: Session, link: object, device_id: str, staff: str) -> SealScan:
    """Record the request and commit it, then send the command (its own transaction: SQLite has one writer).

    NotConnectedError (→ 503) leaves the scan recorded with the error, so the page says what happened."""
    device = session.get(Device, device_id)
    if device is None:
        raise SealError("device", f"no device {device_id[:63]!r} is known to the hub", 404)
    if device.components is not None and "scanner" not in device.components:
        raise SealError("device", f"device {device_id[:63]} has no scanner", 409)
    scan = SealScan(
        batch=secrets.token_hex(16),
        site=device.site,
        device=device.id,
        requested_by=staff,
        requested_at=now_ms(),
    )
    session.add(scan)
    session.commit()
    try:
        link.send_command(device.site, device.id, ScanCommand(batch=scan.batch))  # type: ignore[attr-defined]
    except Exception as exc:
        scan.error = f"the scan command could not be sent: {exc}"[:500]
        session.commit()
        raise
    return scan


@on_event("document.page")
def on_scanned_page(session: Session, msg: Decoded) -> None:
    assert isinstance(msg.body, DocumentPage)
    page = msg.body
    scan = session.get(SealScan, page.batch)
    if scan is None or scan.image_sha256 is not None or page.page_index != 0:
        return
    blob = session.get(DocumentBlob, page.sha256)
    if blob is None:
        return  # more chunks to come
    try:
        checked = check_image(blob.data, "scan")
    except BadImage as exc:
        scan.error = exc.message
        return
    scan.image_sha256 = store_image(session, checked.png, checked.width, checked.height, now_ms())
    scan.arrived_at = now_ms()
    session.execute(delete(CaseDocument).where(CaseDocument.batch == page.batch))
