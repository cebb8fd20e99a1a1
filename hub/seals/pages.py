"""Staff pages of seals (zh-TW first): look a person's seals up from any office, register one (scan at the
counter or upload), compare a presented impression side by side and record the decision."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select

from hub.api.deps import SessionDep, SettingsDep
from hub.core.images import MAX_BYTES
from hub.core.offices import OFFICES
from hub.scans import service as scans
from hub.seals import service
from hub.seals.compare import ADVICE_THRESHOLD
from hub.seals.models import SealComparison, SealRecord
from hub.staff.accounts import Role, StaffPrincipal
from hub.web.auth import page_role
from hub.web.render import page
from wire import now_ms

router = APIRouter(prefix="/staff/seals", include_in_schema=False)
StaffPage = Annotated[StaffPrincipal, Depends(page_role(Role.COUNTER))]
STATUS_ZH = {"registered": "有效", "changed": "已變更", "cancelled": "已註銷"}
KIND_ZH = {"seal": "印鑑", "signature": "簽名"}


def _common(session: SessionDep) -> dict[str, Any]:
    return {
        "offices": OFFICES,
        "scanners": scans.scanners(session),
        "status_zh": STATUS_ZH,
        "kind_zh": KIND_ZH,
    }


async def _image(session: SessionDep, upload: UploadFile | None, scan: str, field: str) -> bytes:
    if scan:
        try:
            return scans.pages(session, scan[:32])[0]
        except scans.ScanError as exc:
            raise service.SealError(exc.field, exc.message, exc.status) from None
    if upload is None or not upload.filename:
        raise service.SealError(field, "scan the impression or choose an image file")
    data = await upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise service.SealError(field, f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB", 413)
    return data


@router.get("", response_class=HTMLResponse)
def index(request: Request, session: SessionDep, staff: StaffPage) -> HTMLResponse:
    return page(request, "seals/index.html", office=staff.agency or "", **_common(session))


@router.post("/lookup", response_class=HTMLResponse)
def lookup(
    request: Request, session: SessionDep, settings: SettingsDep, staff: StaffPage,
    national_id: Annotated[str, Form(max_length=64)],
) -> HTMLResponse:  # fmt: skip
    secret = settings.household_id_key.get_secret_value().encode()
    try:
        records = service.lookup(session, national_id, secret, staff.name)
    except service.SealError as exc:
        return page(request, "seals/index.html", exc.status, error=str(exc), **_common(session))
    session.commit()
    return page(request, "seals/records.html", records=records, **_common(session))


@router.post("/register", response_class=HTMLResponse)
async def register(
    request: Request, session: SessionDep, settings: SettingsDep, staff: StaffPage,
    national_id: Annotated[str, Form(max_length=64)], name: Annotated[str, Form(max_length=100)],
    office: Annotated[str, Form(max_length=63)], kind: Annotated[service.Kind, Form()] = service.Kind.SEAL,
    scan: Annotated[str, Form(max_length=32)] = "", image: UploadFile | None = None,
) -> Response:  # fmt: skip
    secret = settings.household_id_key.get_secret_value().encode()
    try:
        data = await _image(session, image, scan, "image")
        record = service.register(
            session, national_id=national_id, name=name, kind=kind, office=office, image=data, staff=staff.name,
            secret=secret, now_ms=now_ms(),
        )  # fmt: skip
    except service.SealError as exc:
        session.rollback()
        return page(request, "seals/index.html", exc.status, error=str(exc), **_common(session))
    session.commit()
    return RedirectResponse(f"/staff/seals/records/{record.id}", status_code=303)


@router.get("/records/{record_id}", response_class=HTMLResponse)
def record(record_id: str, request: Request, session: SessionDep, staff: StaffPage) -> HTMLResponse:
    row = session.get(SealRecord, record_id[:32])
    if row is None:
        return page(
            request, "seals/index.html", 404, error="record_id: no such seal record", **_common(session)
        )
    comparisons = session.scalars(
        select(SealComparison)
        .where(SealComparison.record_id == row.id)
        .order_by(SealComparison.created_at.desc())
    ).all()
    return page(
        request, "seals/record.html", record=row, history=service.history(session, row.id),
        comparisons=comparisons, office=staff.agency or "", **_common(session),
    )  # fmt: skip


@router.post("/records/{record_id}/compare", response_class=HTMLResponse)
async def compare(
    record_id: str, request: Request, session: SessionDep, staff: StaffPage,
    office: Annotated[str, Form(max_length=63)], scan: Annotated[str, Form(max_length=32)] = "",
    presented: UploadFile | None = None,
) -> Response:  # fmt: skip
    try:
        data = await _image(session, presented, scan, "presented")
        done = service.compare(session, record_id[:32], data, office, staff.name, now_ms())
    except service.SealError as exc:
        session.rollback()
        return page(request, "seals/index.html", exc.status, error=str(exc), **_common(session))
    session.commit()
    return RedirectResponse(f"/staff/seals/comparisons/{done.comparison.id}", status_code=303)


@router.get("/comparisons/{comparison_id}", response_class=HTMLResponse)
def comparison(comparison_id: str, request: Request, session: SessionDep, staff: StaffPage) -> HTMLResponse:
    row = session.get(SealComparison, comparison_id[:32])
    if row is None:
        return page(request, "seals/index.html", 404, error="no such comparison", **_common(session))
    record = session.get(SealRecord, row.record_id)
    return page(
        request,
        "seals/comparison.html",
        c=row,
        record=record,
        threshold=ADVICE_THRESHOLD,
        **_common(session),
    )


@router.post("/comparisons/{comparison_id}/decision", response_class=HTMLResponse)
def decide(
    comparison_id: str, request: Request, session: SessionDep, staff: StaffPage,
    decision: Annotated[service.Decision, Form()], note: Annotated[str, Form(max_length=500)] = "",
) -> Response:  # fmt: skip
    try:
        service.decide(session, comparison_id[:32], decision, staff.name, note, now_ms())
    except service.SealError as exc:
        session.rollback()
        return page(request, "seals/index.html", exc.status, error=str(exc), **_common(session))
    session.commit()
    return RedirectResponse(f"/staff/seals/comparisons/{comparison_id[:32]}", status_code=303)


@router.post("/records/{record_id}/cancel", response_class=HTMLResponse)
def cancel(
    record_id: str,
    request: Request,
    session: SessionDep,
    staff: StaffPage,
    office: Annotated[str, Form(max_length=63)],
    note: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    try:
        service.cancel(session, record_id[:32], office, staff.name, note, now_ms())
    except service.SealError as exc:
        session.rollback()
        return page(request, "seals/index.html", exc.status, error=str(exc), **_common(session))
    session.commit()
    return RedirectResponse(f"/staff/seals/records/{record_id[:32]}", status_code=303)
