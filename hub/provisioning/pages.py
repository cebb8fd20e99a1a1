"""Technicians' pages: the fleet table with command buttons, and the claim form (a QR scanner types into it)."""

from __future__ import annotations

import html
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import ValidationError

from hub.api.deps import SessionDep, SettingsDep
from hub.provisioning.fleet import fleet_page_rows, render_page
from hub.provisioning.routes import DeviceId, TechnicianDep, claim, fleet_command_body, send_fleet_command
from wire import now_ms
from wire.payloads.provisioning import ClaimRequest

pages = APIRouter(prefix="/provisioning", tags=["provisioning"], include_in_schema=False)


@pages.get("/fleet", response_class=HTMLResponse)
def fleet_page(
    session: SessionDep, staff: TechnicianDep, notice: str = "", page: Annotated[int, Query(ge=1)] = 1
) -> str:
    """The fleet table, 100 devices a page (sign in with the staff cookie or a Bearer token); refreshes
    itself every 5 s."""
    now = now_ms()
    return render_page(fleet_page_rows(session, now, page), now, notice[:300])


@pages.post("/fleet/{device_id}/{name}")
def fleet_page_command(
    device_id: DeviceId, name: str, request: Request, session: SessionDep, staff: TechnicianDep
) -> RedirectResponse:
    """A button on the page: send the command, then show the table again with what happened."""
    try:
        send_fleet_command(session, request, device_id, fleet_command_body(name))
        notice = f"{name} sent to {device_id}; its acknowledgement appears in the table"
    except HTTPException as exc:
        notice = f"{name} not sent: {exc.detail}"
    return RedirectResponse(f"/provisioning/fleet?notice={quote(notice)}", status_code=303)


def _claim_page(message: str = "", ok: bool = False) -> str:
    e = html.escape
    note = f"<p class='{'ok' if ok else 'error'}' role='status'>{e(message)}</p>" if message else ""
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>OneStop: claim a device</title>"
        "<style>body{font-family:sans-serif}label{display:block;margin:.5em 0}.ok{color:#166534}"
        ".error{color:#b91c1c}</style></head><body><h1>Claim a device</h1>"
        f"{note}<form method='post' action='/provisioning/claim'>"
        "<label>QR code (scan it; a handheld scanner types here) "
        "<input id='qr' name='qr' size='40' autofocus autocomplete='off'></label>"
        "<p>or, if it cannot be scanned:</p>"
        "<label>Device id <input id='device_id' name='device_id'></label>"
        "<label>Manual code <input id='manual_code' name='manual_code' placeholder='1234-567-8902'></label>"
        "<label>Site <input id='site' name='site' required></label>"
        "<label>Counter (optional) <input id='counter' name='counter'></label>"
        "<button type='submit'>Claim</button></form><p><a href='/provisioning/fleet'>Fleet</a></p></body></html>"
    )


@pages.get("/claim", response_class=HTMLResponse)
def claim_page(staff: TechnicianDep) -> str:
    return _claim_page()


@pages.post("/claim", response_class=HTMLResponse)
def claim_form(
    session: SessionDep,
    settings: SettingsDep,
    staff: TechnicianDep,
    site: Annotated[str, Form()],
    qr: Annotated[str, Form()] = "",
    device_id: Annotated[str, Form()] = "",
    manual_code: Annotated[str, Form()] = "",
    counter: Annotated[str, Form()] = "",
) -> str:
    """The same claim as ``POST /api/v1/provisioning/claims``, answered on the page."""
    try:
        body = ClaimRequest(
            qr=qr.strip() or None,
            device_id=device_id.strip() or None,
            manual_code=manual_code.strip() or None,
            site=site.strip(),
            counter=counter.strip(),
        )
        result = claim(body, session, settings, staff)
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        return _claim_page(f"{'.'.join(map(str, err['loc']))}: {err['msg']}")
    except HTTPException as exc:
        return _claim_page(str(exc.detail))
    where = f"site {result.site}" + (f", counter {result.counter}" if result.counter else "")
    again = " Its old login is revoked." if result.reprovisioned else ""
    return _claim_page(
        f"{result.device_id} ({result.kind.value}) is provisioned for {where}.{again}", ok=True
    )
