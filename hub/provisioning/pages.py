"""Technicians' pages: the fleet table with command buttons, and the claim form (a QR scanner types into it).

Rendered from ``hub/provisioning/templates/`` in the staff pages' layout (``hub.web.render``).
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import ValidationError

from hub.api.deps import SessionDep, SettingsDep
from hub.provisioning.api import DeviceId, TechnicianDep, claim, fleet_command_body, send_fleet_command
from hub.provisioning.fleet import COMMAND_BUTTONS, fleet_rows
from hub.web.render import page
from wire import now_ms
from wire.payloads.provisioning import ClaimRequest

pages = APIRouter(prefix="/provisioning", tags=["provisioning"], include_in_schema=False)


@pages.get("/fleet", response_class=HTMLResponse)
def fleet_page(request: Request, session: SessionDep, staff: TechnicianDep, notice: str = "") -> HTMLResponse:
    """The fleet table (sign in with the staff cookie or a Bearer token); refreshes itself every 5 s."""
    now = now_ms()
    _signed_in(request, staff)
    rows = fleet_rows(session, now)
    return page(
        request, "provisioning/fleet.html", rows=rows, now=now, notice=notice[:300], buttons=COMMAND_BUTTONS
    )


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


def _signed_in(request: Request, staff: Any) -> None:
    """Show the signed-in staff member in the page header, as every staff page does."""
    from hub.staff.accounts import StaffPrincipal

    if isinstance(staff, StaffPrincipal):
        request.state.staff = staff


def _claim_page(request: Request, staff: Any, message: str = "", ok: bool = False) -> HTMLResponse:
    _signed_in(request, staff)
    return page(request, "provisioning/claim.html", note=message, ok=ok)


@pages.get("/claim", response_class=HTMLResponse)
def claim_page(request: Request, staff: TechnicianDep) -> HTMLResponse:
    return _claim_page(request, staff)


@pages.post("/claim", response_class=HTMLResponse)
def claim_form(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    staff: TechnicianDep,
    site: Annotated[str, Form()],
    qr: Annotated[str, Form()] = "",
    device_id: Annotated[str, Form()] = "",
    manual_code: Annotated[str, Form()] = "",
    counter: Annotated[str, Form()] = "",
) -> HTMLResponse:
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
        return _claim_page(request, staff, f"{'.'.join(map(str, err['loc']))}: {err['msg']}")
    except HTTPException as exc:
        return _claim_page(request, staff, str(exc.detail))
    where = f"site {result.site}" + (f", counter {result.counter}" if result.counter else "")
    again = " Its old login is revoked." if result.reprovisioned else ""
    return _claim_page(
        request,
        staff,
        f"{result.device_id} ({result.kind.value}) is provisioned for {where}.{again}",
        ok=True,
    )
