"""Shared glue of the counter pages: rendering in the staff layout, the counters' A4 printers, print jobs."""

from __future__ import annotations

import base64
import uuid
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from hub.counter.models import CounterPrintJob
from hub.devices.models import Device
from hub.ingest.publisher import HubLink
from hub.web import render
from wire import now_ms
from wire.payloads.a4print import MAX_PDF_BYTES, PrintDocument

COUNTER_COOKIE = "onestop_counter_device"
A4 = "a4printer"


def page(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """``hub/counter/templates/<template>`` in the staff layout (the shared renderer names it ``counter/…``)."""
    return render.page(request, f"counter/{template}", status_code, **context)


def a4_devices(session: Session) -> list[Device]:
    """Agents whose last birth listed an A4 printer component: the counters staff may print at."""
    devices = session.scalars(select(Device).order_by(Device.site, Device.id)).all()
    return [d for d in devices if A4 in (d.components or [])]


class PrintError(ValueError):
    """The document cannot be sent to that counter; the message is shown to staff."""


def send_to_counter(session: Session, link: HubLink | None, device_id: str, pdf: bytes, title: str,
                    document_no: str | None) -> str:  # fmt: skip
    """Send a PDF to a counter agent's A4 printer (command ``a4printer.print``); returns the job id."""
    if link is None:
        raise PrintError("本服務未連線到裝置。The hub has no link to the devices right now.")
    if len(pdf) > MAX_PDF_BYTES:
        raise PrintError("文件太大，無法送印。The document is too large to send.")
    job = uuid.uuid4().hex
    body = PrintDocument(
        job=job, title=title[:100], pdf_b64=base64.b64encode(pdf).decode(), document_no=document_no
    )
    if session.in_transaction():
        session.commit()
    with session.begin():
        device = session.get(Device, device_id)
        if device is None or A4 not in (device.components or []):
            raise PrintError(
                f"櫃檯 {device_id or '(未選)'} 沒有 A4 印表機。Counter {device_id} has no A4 printer."
            )
        site = device.site
        session.add(CounterPrintJob(job=job, device=device_id, site=site, document_no=document_no,
                                    state="sent", created_at=now_ms()))  # fmt: skip
    link.send_command(site, device_id, body)
    return job
