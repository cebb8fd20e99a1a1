"""Pick-up HTTP API: the citizen chooses an office; counter staff read a code and hand the document over."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException
from pydantic import BaseModel, ConfigDict, Field

from hub.api.deps import SessionDep, SettingsDep
from hub.core.config import Settings
from hub.pickup.rules import OFFICES, PickupError
from hub.pickup.service import Read, choose_office, hand_over, read
from hub.staff.accounts import Role, StaffPrincipal
from hub.staff.deps import require_role

router = APIRouter(prefix="/api/v1/pickup", tags=["pickup"])
Counter = Annotated[StaffPrincipal, Depends(require_role(Role.COUNTER))]


class ChooseIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    case_no: str = Field(max_length=40)
    password: str = Field(max_length=64, repr=False)
    office: str = Field(max_length=20)


class CodeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    code: str = Field(max_length=100, repr=False)  # typed, or the reader's text (ONESTOP:PICKUP:…)
    office: str = Field(max_length=20)


def secret_of(settings: Settings) -> bytes:
    return settings.light_id_key.get_secret_value().encode()


def _http(exc: PickupError) -> HTTPException:
    return HTTPException(422, {"field": exc.field, "message": exc.message})


def view(result: Read) -> dict[str, Any]:
    return {"verdict": result.verdict.value, "message": list(result.message), "case_no": result.case_no,
            "service_name": result.service_name, "name": result.name, "office": result.office,
            "office_name": OFFICES.get(result.office or "")}  # fmt: skip


@router.get("/offices")
def offices() -> list[dict[str, str]]:
    """The seed's pick-up offices (004:1471-1477)."""
    return [{"code": code, "name": name} for code, name in OFFICES.items()]


@router.post("/choose", status_code=202, responses={422: {"description": "field named, nothing changed"}})
def choose(body: ChooseIn, session: SessionDep, settings: SettingsDep) -> dict[str, Any]:
    """For a finished case (number + query password): send the pick-up code by MMS for ``office``."""
    try:
        with session.begin():
            row = choose_office(session, body.case_no, body.password, body.office, secret_of(settings))
    except PickupError as exc:
        raise _http(exc) from None
    return {"office": row.office, "office_name": OFFICES[row.office], "expires_at": row.expires_at}


@router.post("/read", responses={422: {"description": "malformed code or unknown office"}})
def read_code(body: CodeIn, staff: Counter, session: SessionDep, settings: SettingsDep) -> dict[str, Any]:
    """What the code means at this counter's office: ok (with the case), used, expired, wrong office, unknown."""
    try:
        return view(read(session, body.code, body.office, secret_of(settings)))
    except PickupError as exc:
        raise _http(exc) from None


@router.post("/handover", responses={409: {"description": "not ok: used, expired, wrong office or unknown"}})
def handover(body: CodeIn, staff: Counter, session: SessionDep, settings: SettingsDep) -> dict[str, Any]:
    """Record that the document was handed over; only once, only at the office holding it, before expiry."""
    try:
        with session.begin():
            result = hand_over(session, body.code, body.office, staff.name, secret_of(settings))
    except PickupError as exc:
        raise _http(exc) from None
    if result.verdict.value != "ok":
        raise HTTPException(409, view(result))
    return view(result)
