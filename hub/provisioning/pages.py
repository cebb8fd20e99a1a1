"""Technicians' pages: the fleet table with command buttons, and the claim form (a QR scanner types into it).

Rendered from ``hub/provisioning/templates/`` in the staff pages' layout (``hub.web.render``).
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import ValidationError

from hub.api.deps import SessionDep, SettingsDep
from hub.provisioning.api import DeviceId, TechnicianDep, claim, fleet_command_body, send_fleet_command
from hub.provisioning.fleet import COMMAND_BUTTONS, fleet_page_rows, unknown_devices
from hub.web.i18n import tr
from hub.web.render import page
from wire import now_ms
from wire.payloads.provisioning import ClaimRequest

pages = APIRouter(prefix="/provisioning", tags=["provisioning"], include_in_schema=False)


@pages.get("/fleet", response_class=HTMLResponse)
def fleet_page(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    staff: TechnicianDep,
    notice: Annotated[str, Query(max_length=40)] = "",
    device: Annotated[str, Query(max_length=63)] = "",
    detail: Annotated[str, Query(max_length=300)] = "",
    page_no: Annotated[int, Query(alias="page", ge=1)] = 1,
) -> HTMLResponse:
    """The fleet table, 100 devices a page (sign in with the staff cookie or a Bearer token); refreshes
    itself every 5 s."""
    now = now_ms()
    _signed_in(request, staff)
    fleet = fleet_page_rows(session, now, page_no)
    return page(
        request,
        "provisioning/fleet.html",
        rows=fleet.rows,
        fleet=fleet,
        unknown=unknown_devices(session, settings.max_unknown_devices),
        now=now,
        notice=NOTICES.get(notice, ""),
        notice_device=device,
        notice_detail=detail,
        buttons=COMMAND_BUTTONS,
    )


@pages.post("/fleet/{device_id}/{name}")
def fleet_page_command(
    device_id: DeviceId, name: str, request: Request, session: SessionDep, staff: TechnicianDep
) -> RedirectResponse:
    """A button on the page: send the command, then show the table again with what happened."""
    label = dict(COMMAND_BUTTONS).get(name, "")
    try:
        send_fleet_command(session, request, device_id, fleet_command_body(name))
        query = {"notice": f"{name}.sent", "device": device_id}
    except HTTPException as exc:
        query = {
            "notice": f"{name}.failed" if label else "unknown",
            "device": device_id,
            "detail": str(exc.detail),
        }
    return RedirectResponse(f"/provisioning/fleet?{urlencode(query)}", status_code=303)


#: the fleet page's notice after a button, by ``<command>.sent|failed`` (zh-TW; English in the catalogue)
NOTICES = {
    **{f"{name}.sent": f"已送出「{label}」，裝置的回覆會顯示在表格中" for name, label in COMMAND_BUTTONS},
    **{f"{name}.failed": f"「{label}」沒有送出" for name, label in COMMAND_BUTTONS},
    "unknown": "沒有這個指令",
}


def _signed_in(request: Request, staff: Any) -> None:
    """Show the signed-in staff member in the page header, as every staff page does."""
    from hub.staff.accounts import StaffPrincipal

    if isinstance(staff, StaffPrincipal):
        request.state.staff = staff


def _claim_page(
    request: Request, staff: Any, message: str = "", ok: bool = False, detail: str = ""
) -> HTMLResponse:
    """``message`` in the reader's language; ``detail`` is what the hub's API said (shown as data)."""
    _signed_in(request, staff)
    return page(request, "provisioning/claim.html", note=message, ok=ok, detail=detail)


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
        detail = f"{'.'.join(map(str, err['loc']))}: {err['msg']}"
        return _claim_page(request, staff, tr(request, "認領失敗"), detail=detail)
    except HTTPException as exc:
        return _claim_page(request, staff, tr(request, "認領失敗"), detail=str(exc.detail))
    text = "裝置已認領，舊的登入已撤銷" if result.reprovisioned else "裝置已認領"
    where = f"{result.device_id} → {result.site}" + (f" / {result.counter}" if result.counter else "")
    return _claim_page(request, staff, tr(request, text), ok=True, detail=where)
