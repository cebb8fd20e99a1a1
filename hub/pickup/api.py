"""Pick-up HTTP API: the citizen chooses an office; counter staff read a code and hand the document over."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select, update

from hub.api.deps import SessionDep, SettingsDep
from hub.cases.models import Case
from hub.core.config import Settings
from hub.pickup.models import PickupCode, PickupRead
from hub.pickup.rules import OFFICES, PickupError, check_office
from hub.pickup.service import Read, choose_office, hand_over, read
from hub.staff.accounts import Role, StaffPrincipal, audit
from hub.staff.deps import require_role
from wire import now_ms

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


@router.get("/reads")
def reads(
    office: str, staff: Counter, session: SessionDep, settings: SettingsDep, device: str | None = None
) -> list[dict[str, Any]]:
    """The latest reads of the counters of ``office`` (or one ``device``): what the 2D reader just read."""
    try:
        check_office(office)
    except PickupError as exc:
        raise _http(exc) from None
    query = select(PickupRead).where(PickupRead.office == office)
    if device:
        query = query.where(PickupRead.device == device)
    rows = session.scalars(query.order_by(PickupRead.id.desc()).limit(10)).all()
    out = []
    for row in rows:
        code = session.get(PickupCode, row.pickup_id) if row.pickup_id else None
        case = session.get(Case, code.case_id) if code is not None else None
        ok = row.verdict == "ok"
        out.append({"id": row.id, "device": row.device, "verdict": row.verdict, "read_at": row.read_at,
                    "case_no": case.case_no if case else None, "name": case.name if case and ok else None,
                    "service_name": case.service_name if case and ok else None,
                    "office_name": OFFICES.get(code.office) if code else None,
                    "handed": bool(code and code.handed_at)})  # fmt: skip
    return out


@router.post(
    "/reads/{read_id}/handover", responses={409: {"description": "used, expired or another office's"}}
)
def handover_read(read_id: int, staff: Counter, session: SessionDep) -> dict[str, Any]:
    """Hand over the document of a read the reader made at this counter's office (once)."""
    with session.begin():
        row = session.get(PickupRead, read_id)
        code = session.get(PickupCode, row.pickup_id) if row is not None and row.pickup_id else None
        if row is None or code is None:
            raise HTTPException(404, f"no pick-up read {read_id} with a known code")
        if code.handed_at is not None or code.office != row.office or code.expires_at <= now_ms():
            raise HTTPException(409, "this code is used, expired or held at another office; read it again")
        done = session.execute(
            update(PickupCode).where(PickupCode.id == code.id, PickupCode.handed_at.is_(None))
            .values(handed_at=now_ms(), handed_by=staff.name, handed_office=row.office)
        )  # fmt: skip
        if getattr(done, "rowcount", 1) != 1:
            raise HTTPException(409, "this code was just handed over at another counter")
        audit(
            session,
            staff.name,
            "pickup.hand_over",
            f"pickup:{code.id}",
            {"office": row.office, "read": read_id},
        )
    return {"handed": True, "read": read_id}
