"""Payments HTTP API: import a convenience-store settlement file (supervisor)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request

from hub.api.deps import SessionDep
from hub.payments.service import import_settlement
from hub.payments.settlement import SettlementFileError
from hub.staff.accounts import Role, StaffPrincipal
from hub.staff.deps import require_role

router = APIRouter(prefix="/api/v1", tags=["payments"])
Supervisor = Annotated[StaffPrincipal, Depends(require_role(Role.SUPERVISOR))]
MAX_FILE = 5_000_000


@router.post(
    "/settlements",
    openapi_extra={
        "requestBody": {"content": {"text/plain": {"schema": {"type": "string"}}}, "required": True}
    },
    responses={413: {"description": "too large"}, 422: {"description": "broken file, nothing applied"}},
)
async def settlements(request: Request, staff: Supervisor, session: SessionDep) -> dict[str, Any]:
    """Apply a settlement file (docs/settlement-format.md); good lines mark payments paid, the rest are listed."""
    raw = await request.body()
    if len(raw) > MAX_FILE:
        raise HTTPException(413, f"a settlement file may be at most {MAX_FILE} bytes")
    try:
        text = raw.decode("ascii")
    except UnicodeDecodeError:
        raise HTTPException(422, "a settlement file is ASCII text") from None
    try:
        with session.begin():
            result = import_settlement(session, text, staff.name)
    except SettlementFileError as exc:
        raise HTTPException(422, f"nothing applied: {exc}") from None
    return {
        "import_id": result.import_id,
        "applied": result.applied,
        "problems": [{"line": p.line_no, "text": p.text, "reason": p.reason} for p in result.problems],
    }
