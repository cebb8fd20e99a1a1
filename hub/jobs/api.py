"""Job vacancies HTTP API: a station's daily import (supervisor) and browsing by township (public)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request

from hub.api.deps import SessionDep
from hub.jobs.importfile import TOWNSHIPS, ImportRefused
from hub.jobs.service import browse, import_station, townships
from hub.staff.accounts import Role, StaffPrincipal
from hub.staff.deps import require_role

router = APIRouter(prefix="/api/v1/jobs", tags=["jobs"])
Supervisor = Annotated[StaffPrincipal, Depends(require_role(Role.SUPERVISOR))]


@router.post(
    "/import/{station}",
    openapi_extra={
        "requestBody": {"content": {"text/csv": {"schema": {"type": "string"}}}, "required": True}
    },
    responses={422: {"description": "bad rows named, nothing imported"}},
)
async def jobs_import(
    station: str, request: Request, staff: Supervisor, session: SessionDep
) -> dict[str, Any]:
    """Replace one station's vacancies with its daily file (docs/jobs-import.md)."""
    if not station.replace("-", "").replace("_", "").isalnum() or len(station) > 40:
        raise HTTPException(422, {"field": "station", "message": "1-40 letters, digits, - or _"})
    try:
        text = (await request.body()).decode("utf-8")
    except UnicodeDecodeError:
        raise HTTPException(
            422, {"message": "nothing imported: a vacancies file is UTF-8 CSV", "problems": []}
        ) from None
    try:
        with session.begin():
            count = import_station(session, station, text, staff.name)
    except ImportRefused as exc:
        problems = [{"line": p.line_no, "field": p.field, "reason": p.reason} for p in exc.problems]
        raise HTTPException(422, {"message": str(exc), "problems": problems}) from None
    return {"station": station, "vacancies": count}


@router.get("")
def jobs(
    session: SessionDep, township: str | None = None, page: Annotated[int, Query(ge=0, le=1000)] = 0
) -> dict[str, Any]:
    if township is None:
        return {"townships": [{"township": t, "count": n} for t, n in townships(session)]}
    if township not in TOWNSHIPS:
        raise HTTPException(422, {"field": "township", "message": f"must be one of {'、'.join(TOWNSHIPS)}"})
    rows, total = browse(session, township, 20, page * 20)
    keys = ("id", "company", "title", "openings", "pay", "education", "duties", "address", "phone")
    return {"total": total, "page": page, "rows": [{k: getattr(r, k) for k in keys} for r in rows]}
