"""Fines HTTP API: the agencies' import (supervisor) and the citizens' online look-up (seed 004:669)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, HTTPException, Request
from sqlalchemy.orm import Session

from hub.api.deps import SessionDep, SettingsDep
from hub.auth.national_id import Assurance
from hub.auth.sessions import SessionInvalid
from hub.auth.store import SqlSessions
from hub.core.config import Settings
from hub.fines.importfile import ImportRefused
from hub.fines.rules import InvalidKey, normalise_key
from hub.fines.service import MAX_LISTED, TODAY, CardHolder, detail_for, find_due, import_fines, info
from hub.staff.accounts import Role, StaffPrincipal
from hub.staff.deps import require_role
from wire.payloads.fines import FineKey, FineList, FineLookup

router = APIRouter(prefix="/api/v1", tags=["fines"])
Supervisor = Annotated[StaffPrincipal, Depends(require_role(Role.SUPERVISOR))]
MAX_FILE = 10_000_000


def secret_of(settings: Settings) -> bytes:
    return settings.light_id_key.get_secret_value().encode()


def run_import(session: Session, raw: bytes, filename: str, actor: str, settings: Settings) -> dict[str, Any]:
    """Decode and import; HTTPException 413/422 with every bad row named (nothing is kept then)."""
    if len(raw) > MAX_FILE:
        raise HTTPException(413, f"a fines file may be at most {MAX_FILE:,} bytes")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise HTTPException(
            422, {"message": "nothing imported: a fines file is UTF-8 CSV", "problems": []}
        ) from None
    try:
        with session.begin():
            summary = import_fines(session, text, filename, actor, secret_of(settings))
    except ImportRefused as exc:
        problems = [{"line": p.line_no, "field": p.field, "reason": p.reason} for p in exc.problems]
        raise HTTPException(422, {"message": str(exc), "problems": problems}) from None
    return {"import_id": summary.import_id, "added": summary.added, "updated": summary.updated,
            "unchanged": summary.unchanged}  # fmt: skip


@router.post(
    "/fines/import",
    openapi_extra={
        "requestBody": {"content": {"text/csv": {"schema": {"type": "string"}}}, "required": True}
    },
    responses={413: {"description": "too large"}, 422: {"description": "bad rows named, nothing imported"}},
)
async def fines_import(
    request: Request,
    staff: Supervisor,
    session: SessionDep,
    settings: SettingsDep,
    filename: str = "upload.csv",
) -> dict[str, Any]:
    """Import an agency's fines file (docs/fines-import.md): all rows, or none and every bad row named."""
    return run_import(session, await request.body(), filename, staff.name, settings)


def holder_of(session: Session, settings: Settings, token: str | None, origin: str) -> CardHolder | None:
    """The card holder of an online card session (``X-Citizen-Session``); None without one."""
    if not token:
        return None
    try:
        row = SqlSessions(session, settings.citizen_idle_timeout_s).get(token, origin, Assurance.CARD)
    except SessionInvalid as exc:
        raise HTTPException(401, f"citizen session: {exc}; log in with the card again") from None
    return CardHolder(row.holder_name, row.id_last4)


def look_up(
    session: Session, settings: Settings, kind: FineKey, key: str, holder: CardHolder | None
) -> FineList:
    try:
        value = normalise_key(kind, key)
    except InvalidKey as exc:
        raise HTTPException(422, {"field": exc.field, "message": f"{exc.zh} {exc.en}"}) from None
    fines = find_due(session, kind, value, secret_of(settings))
    detail = detail_for(kind, value, fines, holder)
    today = TODAY[0]()
    return FineList(detail=detail, fines=tuple(info(f, detail, today) for f in fines[:MAX_LISTED]),
                    more=len(fines) > MAX_LISTED)  # fmt: skip


@router.post(
    "/fines/lookup", response_model=FineList, responses={422: {"description": "malformed key, field named"}}
)
def fines_lookup(
    body: FineLookup,
    session: SessionDep,
    settings: SettingsDep,
    x_citizen_session: Annotated[str | None, Header(max_length=128)] = None,
    x_citizen_origin: Annotated[str, Header(max_length=64)] = "online",
) -> FineList:
    """Unpaid fines by national ID, business number or fine number (in the body: a key never sits in a URL or
    an access log); the payer's own card session shows the name and the rule broken."""
    with session.begin():
        holder = holder_of(session, settings, x_citizen_session, x_citizen_origin)
        return look_up(session, settings, body.kind, body.key, holder)
