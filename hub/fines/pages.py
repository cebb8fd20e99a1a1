"""Fines pages: the staff register and import (zh-TW first, English), and the citizens' online look-up."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hub.api.deps import SessionDep, SettingsDep
from hub.fines.api import look_up, run_import
from hub.fines.models import Fine, FineImport
from hub.fines.rules import BANK_CITE, TICK_CITE
from hub.staff.accounts import Role, StaffPrincipal
from hub.web.auth import page_role
from hub.web.render import page
from wire.payloads.fines import MAX_TICKED, FineKey
from wire.printed import BANK_OR_ATM

router = APIRouter()


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """A page from this feature's templates (hub/fines/templates, found by hub.web.render's prefix loader)."""
    return page(request, f"fines/{template}", status_code, **context)


StaffPage = Annotated[StaffPrincipal, Depends(page_role(Role.COUNTER, Role.OPERATOR))]
SupervisorPage = Annotated[StaffPrincipal, Depends(page_role(Role.SUPERVISOR))]
STATUSES = ("due", "paid", "cancelled")


def _register(request: Request, session: Session, status: str, code: int = 200, **extra: Any) -> HTMLResponse:
    if status not in STATUSES:
        raise HTTPException(422, f"status must be one of {', '.join(STATUSES)}")
    fines = session.scalars(
        select(Fine).where(Fine.status == status).order_by(Fine.due_on, Fine.fine_no).limit(200)
    ).all()
    counts = dict(session.execute(select(Fine.status, func.count()).group_by(Fine.status)).all())
    imports = session.scalars(select(FineImport).order_by(FineImport.id.desc()).limit(20)).all()
    return render(request, "fines_staff.html", code, fines=fines, counts=counts, status=status,
                  imports=imports, **extra)  # fmt: skip


@router.get("/staff/fines")
def fines_page(request: Request, staff: StaffPage, session: SessionDep, status: str = "due") -> Response:
    return _register(request, session, status)


@router.post("/staff/fines/import")
async def fines_upload(
    request: Request, staff: SupervisorPage, session: SessionDep, settings: SettingsDep, file: UploadFile
) -> Response:
    raw = await file.read(10_000_001)
    try:
        summary = run_import(session, raw, file.filename or "upload.csv", staff.name, settings)
    except HTTPException as exc:
        raised: Any = exc.detail  # a dict from run_import, text from FastAPI
        detail = raised if isinstance(raised, dict) else {"message": str(raised), "problems": []}
        return _register(request, session, "due", exc.status_code,
                         error=f"整個檔案未匯入 Nothing imported: {detail['message']}",
                         problems=detail["problems"])  # fmt: skip
    message = f"已匯入 Imported：新增 added {summary['added']}，更新 updated {summary['updated']}，未變 unchanged {summary['unchanged']}"
    return _register(request, session, "due", message=message)


@router.get("/fines")
def public_form(request: Request) -> Response:
    return render(
        request,
        "fines_public.html",
        kinds=list(FineKey),
        kind=FineKey.NATIONAL_ID.value,
        max_ticked=MAX_TICKED,
    )


@router.post("/fines")
def public_lookup(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    kind: Annotated[str, Form(max_length=20)],
    key: Annotated[str, Form(max_length=64)],
) -> Response:
    """The online look-up: the key travels in the form body, never in the URL."""
    context: dict[str, Any] = {"kinds": list(FineKey), "kind": kind, "max_ticked": MAX_TICKED,
                               "bank": BANK_OR_ATM, "tick_cite": TICK_CITE, "bank_cite": BANK_CITE}  # fmt: skip
    try:
        chosen = FineKey(kind)
    except ValueError:
        return render(
            request, "fines_public.html", 422, error="查詢方式不正確 kind: choose one of the three", **context
        )
    try:
        with session.begin():
            result = look_up(session, settings, chosen, key, None)
    except HTTPException as exc:
        raised: Any = exc.detail  # a dict from look_up, text from FastAPI
        message = raised["message"] if isinstance(raised, dict) else str(raised)
        return render(request, "fines_public.html", exc.status_code, error=message, **context)
    return render(request, "fines_public.html", result=result, **context)
