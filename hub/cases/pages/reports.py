"""Supervisor pages: SLA report with charts, catalogue editing, settlement import, audit log."""

from __future__ import annotations

from typing import Annotated, Any

import yaml
from fastapi import APIRouter, Depends, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select

from hub.api.deps import SessionDep
from hub.cases.charts import SEGMENTS, stacked_bars
from hub.cases.reports import report
from hub.cases.satisfaction import REASONS, satisfaction_report
from hub.cases.service import today_tw
from hub.cases.stats import Tally
from hub.catalogue.model import CatalogueError
from hub.catalogue.models import CatalogueEdit
from hub.catalogue.store import current_catalogue, save_edit
from hub.payments.models import SettlementImport
from hub.payments.service import import_settlement
from hub.payments.settlement import SettlementFileError
from hub.staff.accounts import Role, StaffPrincipal
from hub.staff.models import AuditEntry
from hub.web.auth import page_role
from hub.web.render import page

router = APIRouter(include_in_schema=False)
CounterPage = Annotated[StaffPrincipal, Depends(page_role(Role.COUNTER))]
SupervisorPage = Annotated[StaffPrincipal, Depends(page_role(Role.SUPERVISOR))]


def _values(t: Tally) -> dict[str, int]:
    return {key: getattr(t, key) for key, _, _ in SEGMENTS}


def _rate(t: Tally) -> str:
    return "—" if t.on_time_rate is None else f"{t.on_time_rate:.1%}"


@router.get("/staff/reports/sla")
def sla_page(request: Request, staff: CounterPage, session: SessionDep) -> Response:
    rep = report(session, today_tw())
    names = {s.code: s.name for s in current_catalogue(session).services}
    agency_rows = [(k, _values(v)) for k, v in sorted(rep.by_agency.items())]
    service_rows = [(names.get(k, k), _values(v)) for k, v in sorted(rep.by_service.items())]
    return page(
        request,
        "cases/sla.html",
        rep=rep,
        rate=_rate,
        agency_chart=stacked_bars("各機關案件時限狀況 Cases by agency", agency_rows),
        service_chart=stacked_bars("各項目案件時限狀況 Cases by service", service_rows),
        sat=satisfaction_report(session),
        service_names=names,
        reason_names=REASONS,
    )


@router.get("/staff/catalogue")
def catalogue_page(request: Request, staff: SupervisorPage, session: SessionDep) -> Response:
    edited = {e.code: e.version for e in session.scalars(select(CatalogueEdit))}
    return page(
        request, "catalogue/catalogue.html", services=current_catalogue(session).services, edited=edited
    )


@router.get("/staff/catalogue/{code}")
def service_edit_page(request: Request, code: str, staff: SupervisorPage, session: SessionDep) -> Response:
    try:
        service = current_catalogue(session).get(code)
    except CatalogueError as exc:
        return page(request, "base.html", 404, error=str(exc))
    text = yaml.safe_dump(service.model_dump(mode="json"), allow_unicode=True, sort_keys=False, width=100)
    return page(request, "catalogue/service_edit.html", code=code, text=text)


@router.post("/staff/catalogue/{code}")
def service_edit(
    request: Request,
    code: str,
    staff: SupervisorPage,
    session: SessionDep,
    text: Annotated[str, Form(alias="yaml", max_length=100_000)],
) -> Response:
    try:
        data: Any = yaml.safe_load(text)
        if not isinstance(data, dict) or data.get("code") != code:
            raise CatalogueError(f"the definition must be a mapping whose code is {code}")
        with session.begin():
            save_edit(session, data, staff.name)
    except (CatalogueError, yaml.YAMLError) as exc:
        return page(
            request,
            "catalogue/service_edit.html",
            422,
            code=code,
            text=text,
            error=f"未儲存 Not saved: {exc}",
        )
    return RedirectResponse("/staff/catalogue", status_code=303)


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


@router.get("/staff/audit")
def audit_page(request: Request, staff: SupervisorPage, session: SessionDep) -> Response:
    entries = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(200)).all()
    return page(request, "staff/audit.html", entries=entries)
