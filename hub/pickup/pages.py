"""Pick-up pages: the citizen chooses an office online; the counter sees what its 2D reader read, or types a code."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, Response

from hub.api.deps import SessionDep, SettingsDep
from hub.pickup.api import handover_read, reads, secret_of
from hub.pickup.rules import OFFICES, PickupError
from hub.pickup.service import choose_office, hand_over, read
from hub.staff.accounts import Role, StaffPrincipal
from hub.web.auth import page_role
from hub.web.render import page

router = APIRouter()


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """A page from this feature's templates (hub/pickup/templates, found by hub.web.render's prefix loader)."""
    return page(request, f"pickup/{template}", status_code, **context)


CounterPage = Annotated[StaffPrincipal, Depends(page_role(Role.COUNTER))]
Field = Annotated[str, Form(max_length=100)]


@router.get("/pickup")
def choose_form(request: Request) -> Response:
    return render(request, "pickup_choose.html", offices=OFFICES)


@router.post("/pickup")
def choose(request: Request, session: SessionDep, settings: SettingsDep, case_no: Field = "", password: Field = "",
           office: Field = "") -> Response:  # fmt: skip
    try:
        with session.begin():
            row = choose_office(session, case_no, password, office, secret_of(settings))
    except PickupError as exc:
        return render(
            request, "pickup_choose.html", 422, offices=OFFICES, error=f"{exc.field}: {exc.message}"
        )
    return render(request, "pickup_choose.html", offices=OFFICES, message=(
        f"領件碼已以多媒體簡訊寄出，請至「{OFFICES[row.office]}」出示 · The code was sent by MMS; show it at "
        f"{OFFICES[row.office]}"))  # fmt: skip


@router.get("/staff/pickup")
def counter(request: Request, staff: CounterPage, session: SessionDep, settings: SettingsDep,
            office: str = "HR-TAOYUAN") -> Response:  # fmt: skip
    office = office if office in OFFICES else "HR-TAOYUAN"
    latest = reads(office, staff, session, settings)
    return render(request, "pickup_counter.html", offices=OFFICES, office=office, reads=latest, result=None)


@router.post("/staff/pickup")
def counter_typed(request: Request, staff: CounterPage, session: SessionDep, settings: SettingsDep,
                  office: Field = "", code: Field = "", action: Field = "read") -> Response:  # fmt: skip
    context: dict[str, Any] = {"offices": OFFICES, "office": office if office in OFFICES else "HR-TAOYUAN"}
    try:
        with session.begin():
            if action == "handover":
                result = hand_over(session, code, office, staff.name, secret_of(settings))
            else:
                result = read(session, code, office, secret_of(settings))
    except PickupError as exc:
        return render(request, "pickup_counter.html", 422, reads=[], result=None, error=f"{exc.field}: {exc.message}",
                      **context)  # fmt: skip
    latest = reads(context["office"], staff, session, settings)
    return render(request, "pickup_counter.html", reads=latest, result=result, code=code,
                  handed=action == "handover" and result.verdict.value == "ok", **context)  # fmt: skip


@router.post("/staff/pickup/reads/{read_id}")
def counter_hand_over_read(request: Request, read_id: int, staff: CounterPage, session: SessionDep,
                           settings: SettingsDep, office: Field = "") -> Response:  # fmt: skip
    """Hand over the document of what the 2D reader just read (once; the API refuses a second time)."""
    office = office if office in OFFICES else "HR-TAOYUAN"
    try:
        handover_read(read_id, staff, session)
        message, code = "已交付 Handed over", 200
    except HTTPException as exc:
        message, code = f"未交付 Not handed over: {exc.detail}", exc.status_code
    latest = reads(office, staff, session, settings)
    return render(request, "pickup_counter.html", code, offices=OFFICES, office=office, reads=latest, result=None,
                  **({"message": message} if code == 200 else {"error": message}))  # fmt: skip
