"""Supervisor page of payments: import a convenience-store settlement file and see the last imports."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, UploadFile
from fastapi.responses import Response
from sqlalchemy import select

from hub.api.deps import SessionDep
from hub.payments.models import SettlementImport
from hub.payments.service import import_settlement
from hub.payments.settlement import SettlementFileError
from hub.staff.accounts import Role, StaffPrincipal
from hub.web.auth import page_role
from hub.web.render import page

router = APIRouter(include_in_schema=False)
SupervisorPage = Annotated[StaffPrincipal, Depends(page_role(Role.SUPERVISOR))]


def _settlement_page(request: Request, session: Any, status: int = 200, **extra: Any) -> Response:
    imports = session.scalars(select(SettlementImport).order_by(SettlementImport.id.desc()).limit(50)).all()
    return page(request, "payments/settlements.html", status, imports=imports, **extra)


@router.get("/staff/settlements")
def settlements_page(request: Request, staff: SupervisorPage, session: SessionDep) -> Response:
    return _settlement_page(request, session)


@router.post("/staff/settlements")
async def settlements_upload(
    request: Request, staff: SupervisorPage, session: SessionDep, file: UploadFile
) -> Response:
    raw = await file.read(5_000_001)
    try:
        if len(raw) > 5_000_000:
            raise SettlementFileError("the file is larger than 5 MB")
        text = raw.decode("ascii")
        with session.begin():
            result = import_settlement(session, text, staff.name)
    except (SettlementFileError, UnicodeDecodeError) as exc:
        return _settlement_page(request, session, 422, error=f"整個檔案未入帳 Nothing applied: {exc}")
    return _settlement_page(
        request, session, result=result, message=f"已入帳 {len(result.applied)} 筆 applied"
    )
