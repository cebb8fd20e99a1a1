"""Supervisors' live devices view (/staff/devices): each office's kiosks and counter PCs, faults first.

The page is rendered whole; its stream (server-sent events, as the ratings dashboard's) sends the table body
and the summary again, rendered by the same templates in the reader's language, whenever ingest commits a
batch that touched a device of the office (``hub.ingest.store.DEVICE_CHANGES``), and every POLL_S for what
another hub process stored. A stream ends after STREAM_S and the browser reconnects at once.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, StreamingResponse

from hub.api.deps import SessionDep
from hub.ingest.store import DEVICE_CHANGES
from hub.provisioning.office_devices import DeviceView, known_sites, office_devices
from hub.staff.accounts import Role, StaffPrincipal
from hub.web.auth import page_role
from hub.web.render import fragment, page

router = APIRouter(include_in_schema=False)
SupervisorPage = Annotated[StaffPrincipal, Depends(page_role(Role.SUPERVISOR, Role.TECHNICIAN))]
SiteFilter = Annotated[
    str | None, Query(pattern=r"^[a-z0-9][a-z0-9-]{0,62}$", description="one office (site id)")
]
#: also re-read the office this often: another hub process may have stored a change this one did not see
POLL_S = 5.0
#: a stream's lifetime: uvicorn waits for open responses when the hub stops, so none may be endless
STREAM_S = 8.0
RECONNECT_MS = 200


def _parts(request: Request, devices: list[DeviceView], offices: dict[str, str]) -> dict[str, str]:
    return {
        "rows": fragment(request, "provisioning/_device_rows.html", devices=devices, offices=offices),
        "summary": fragment(request, "provisioning/_device_summary.html", devices=devices),
    }


@router.get("/staff/devices", response_class=HTMLResponse)
def devices_page(
    request: Request, session: SessionDep, staff: SupervisorPage, site: SiteFilter = None
) -> HTMLResponse:
    sites = known_sites(session)
    return page(request, "provisioning/devices.html", devices=office_devices(session, site), site=site,
                sites=sites, offices={code: name for code, name in sites if name})  # fmt: skip


@router.get("/staff/devices/stream")
async def devices_stream(
    request: Request, staff: SupervisorPage, site: SiteFilter = None
) -> StreamingResponse:
    """``event: devices`` with ``{"rows": html, "summary": html}`` on connect and whenever they change."""
    sub = DEVICE_CHANGES.subscribe()  # before the first read, so no change falls between the two

    def read() -> dict[str, str]:
        with request.app.state.sessions() as session:
            sites = known_sites(session)
            offices = {code: name for code, name in sites if name}
            return _parts(request, office_devices(session, site), offices)

    async def events() -> AsyncIterator[bytes]:
        clock = asyncio.get_running_loop().time
        end_at = clock() + STREAM_S
        last: dict[str, str] | None = None
        try:
            yield f"retry: {RECONNECT_MS}\n\n".encode()
            while True:
                parts = await run_in_threadpool(read)
                if parts != last:
                    last = parts
                    yield f"event: devices\ndata: {json.dumps(parts, ensure_ascii=False)}\n\n".encode()
                poll_at = min(clock() + POLL_S, end_at)
                changed = False
                while not changed and (wait := poll_at - clock()) > 0:
                    try:
                        await asyncio.wait_for(sub.queue.get(), wait)
                        changed = True  # any device: a new one may belong to this office
                    except TimeoutError:
                        break
                if clock() >= end_at or await request.is_disconnected():
                    return
        finally:
            sub.close()

    headers = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    return StreamingResponse(events(), media_type="text/event-stream", headers=headers)
