"""The technicians' fleet page: the table, and buttons that send a command and come back to the table."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from hub.api.deps import SessionDep
from hub.provisioning.fleet import fleet_rows, render_page
from hub.provisioning.routes import DeviceId, TechnicianDep, send_fleet_command
from wire import now_ms

pages = APIRouter(prefix="/provisioning", tags=["provisioning"], include_in_schema=False)


@pages.get("/fleet", response_class=HTMLResponse)
def fleet_page(session: SessionDep, staff: TechnicianDep, notice: str = "") -> str:
    """The fleet table (sign in with the staff cookie or a Bearer token); refreshes itself every 5 s."""
    now = now_ms()
    return render_page(fleet_rows(session, now), now, notice[:300])


@pages.post("/fleet/{device_id}/{name}")
def fleet_page_command(
    device_id: DeviceId, name: str, request: Request, session: SessionDep, staff: TechnicianDep
) -> RedirectResponse:
    """A button on the page: send the command, then show the table again with what happened."""
    try:
        send_fleet_command(session, request, device_id, name)
        notice = f"{name} sent to {device_id}; its acknowledgement appears in the table"
    except HTTPException as exc:
        notice = f"{name} not sent: {exc.detail}"
    return RedirectResponse(f"/provisioning/fleet?notice={quote(notice)}", status_code=303)
