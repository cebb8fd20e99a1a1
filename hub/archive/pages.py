"""Staff pages of the archive (zh-TW first): search and view scans, issue certified copies, keep new scans,
and the cross-office request inbox (to scan for others, ready to issue, waiting)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select

from hub.api.deps import SessionDep, SettingsDep
from hub.archive import service
from hub.archive.api import copy_bytes, read_pages
from hub.archive.models import ArchiveDocument, ArchivePage, ArchiveRequest, CertifiedCopy
from hub.archive.rules import KIND_ZH, REQUEST_DAYS, Kind
from hub.core.offices import OFFICES
from hub.scans import service as scans
from hub.staff.accounts import Role, StaffPrincipal
from hub.web.auth import page_role
from hub.web.render import page
from wire import now_ms

router = APIRouter(prefix="/staff/archive", include_in_schema=False)
StaffPage = Annotated[StaffPrincipal, Depends(page_role(Role.COUNTER))]
STATE_ZH = {"requested": "待調閱掃描", "scanned": "已掃描，可核發", "issued": "已核發", "cancelled": "已取消"}


async def _pages(session: SessionDep, uploads: list[UploadFile], scan: str) -> list[bytes]:
    """The scanned batch's pages (scanned at the counter through the agent) or the uploaded files."""
    if scan:
        try:
            return scans.pages(session, scan[:32], "pages")
        except scans.ScanError as exc:
            raise service.ArchiveError(exc.field, exc.message, exc.status) from None
    return await read_pages([p for p in uploads if p.filename])


def _ctx(office: str, **extra: Any) -> dict[str, Any]:
    return {
        "offices": OFFICES,
        "kinds": KIND_ZH,
        "state_zh": STATE_ZH,
        "office": office,
        "days": REQUEST_DAYS,
        **extra,
    }


def _office(request: Request, staff: StaffPrincipal) -> str:
    chosen = request.query_params.get("office") or request.cookies.get("onestop_office") or staff.agency or ""
    return chosen if chosen in OFFICES else "tc-xitun"


@router.get("", response_class=HTMLResponse)
def index(request: Request, session: SessionDep, staff: StaffPage) -> HTMLResponse:
    office = _office(request, staff)
    box = service.inbox(session, office, now_ms())
    response = page(
        request,
        "archive/index.html",
        **_ctx(office, box=box, now=now_ms(), scanners=scans.scanners(session)),
    )
    response.set_cookie("onestop_office", office, samesite="strict", httponly=True)
    return response


@router.post("/search", response_class=HTMLResponse)
def search(
    request: Request, session: SessionDep, settings: SettingsDep, staff: StaffPage,
    national_id: Annotated[str, Form(max_length=64)] = "", household: Annotated[str, Form(max_length=16)] = "",
    kind: Annotated[str, Form(max_length=12)] = "",
) -> HTMLResponse:  # fmt: skip
    office = _office(request, staff)
    secret = settings.household_id_key.get_secret_value().encode()
    try:
        kind_value = Kind(kind) if kind else None
        docs = service.search(session, secret, national_id=national_id, household=household, kind=kind_value)
    except (service.ArchiveError, ValueError) as exc:
        box = service.inbox(session, office, now_ms())
        return page(request, "archive/index.html", 422, error=str(exc), **_ctx(office, box=box, now=now_ms()))
    return page(request, "archive/results.html", **_ctx(office, docs=docs))


@router.post("/documents", response_class=HTMLResponse)
async def keep(
    request: Request, session: SessionDep, settings: SettingsDep, staff: StaffPage,
    national_id: Annotated[str, Form(max_length=64)], name: Annotated[str, Form(max_length=100)],
    household: Annotated[str, Form(max_length=16)], kind: Annotated[Kind, Form()],
    registered_on: Annotated[date, Form()], pages: Annotated[list[UploadFile], File()] = [],  # noqa: B006
    scan: Annotated[str, Form(max_length=32)] = "",
) -> Response:  # fmt: skip
    office = _office(request, staff)
    secret = settings.household_id_key.get_secret_value().encode()
    try:
        data = await _pages(session, pages, scan)
        index = service.Index(national_id, name, household, kind, registered_on)
        doc = service.archive(session, index, data, office, staff.name, secret, now_ms())
    except service.ArchiveError as exc:
        session.rollback()
        box = service.inbox(session, office, now_ms())
        return page(
            request,
            "archive/index.html",
            exc.status,
            error=str(exc),
            **_ctx(office, box=box, now=now_ms()),
        )
    session.commit()
    return RedirectResponse(f"/staff/archive/documents/{doc.id}", status_code=303)


@router.get("/documents/{document_id}", response_class=HTMLResponse)
def document(document_id: str, request: Request, session: SessionDep, staff: StaffPage) -> HTMLResponse:
    doc = session.get(ArchiveDocument, document_id[:32])
    if doc is None:
        return page(request, "archive/results.html", 404, error="no such document", **_ctx("", docs=[]))
    pages = session.scalars(
        select(ArchivePage).where(ArchivePage.document_id == doc.id).order_by(ArchivePage.page_index)
    ).all()
    copies = session.scalars(
        select(CertifiedCopy).where(CertifiedCopy.document_id == doc.id).order_by(CertifiedCopy.issued_at)
    ).all()
    return page(
        request,
        "archive/document.html",
        **_ctx(_office(request, staff), doc=doc, pages=pages, copies=copies),
    )


@router.post("/documents/{document_id}/copies")
def copy(document_id: str, request: Request, session: SessionDep, staff: StaffPage) -> Response:
    try:
        service.issue_copy(session, document_id[:32], _office(request, staff), staff.name, now_ms())
    except service.ArchiveError as exc:
        session.rollback()
        return page(request, "archive/results.html", exc.status, error=str(exc), **_ctx("", docs=[]))
    session.commit()
    return RedirectResponse(f"/staff/archive/documents/{document_id[:32]}", status_code=303)


@router.get("/copies/{copy_id}.pdf")
def copy_pdf(copy_id: str, session: SessionDep, staff: StaffPage) -> Response:
    return Response(copy_bytes(session, copy_id[:32]), media_type="application/pdf")


@router.post("/requests", response_class=HTMLResponse)
def file_request(
    request: Request, session: SessionDep, settings: SettingsDep, staff: StaffPage,
    origin_office: Annotated[str, Form(max_length=63)], national_id: Annotated[str, Form(max_length=64)],
    name: Annotated[str, Form(max_length=100)], household: Annotated[str, Form(max_length=16)],
    kind: Annotated[Kind, Form()], registered_on: Annotated[date, Form()],
) -> Response:  # fmt: skip
    office = _office(request, staff)
    secret = settings.household_id_key.get_secret_value().encode()
    try:
        index = service.Index(national_id, name, household, kind, registered_on)
        made = service.file_request(session, index, office, origin_office, staff.name, secret, now_ms())
    except service.ArchiveError as exc:
        session.rollback()
        box = service.inbox(session, office, now_ms())
        return page(
            request,
            "archive/index.html",
            exc.status,
            error=str(exc),
            **_ctx(office, box=box, now=now_ms()),
        )
    session.commit()
    return RedirectResponse(f"/staff/archive/requests/{made.id}", status_code=303)


@router.get("/requests/{request_id}", response_class=HTMLResponse)
def request_page(request_id: str, request: Request, session: SessionDep, staff: StaffPage) -> HTMLResponse:
    row = session.get(ArchiveRequest, request_id[:32])
    if row is None:
        return page(request, "archive/results.html", 404, error="no such request", **_ctx("", docs=[]))
    copies = session.scalars(select(CertifiedCopy).where(CertifiedCopy.request_id == row.id)).all()
    return page(
        request, "archive/request.html",
        **_ctx(_office(request, staff), r=row, history=service.history(session, row.id), copies=copies, now=now_ms(),
               scanners=scans.scanners(session)),
    )  # fmt: skip


@router.post("/requests/{request_id}/scan", response_class=HTMLResponse)
async def fulfil(
    request_id: str, request: Request, session: SessionDep, settings: SettingsDep, staff: StaffPage,
    pages: Annotated[list[UploadFile], File()] = [],  # noqa: B006
    scan: Annotated[str, Form(max_length=32)] = "",
) -> Response:  # fmt: skip
    secret = settings.household_id_key.get_secret_value().encode()
    try:
        data = await _pages(session, pages, scan)
        service.fulfil(session, request_id[:32], data, _office(request, staff), staff.name, secret, now_ms())
    except service.ArchiveError as exc:
        session.rollback()
        return page(request, "archive/results.html", exc.status, error=str(exc), **_ctx("", docs=[]))
    session.commit()
    return RedirectResponse(f"/staff/archive/requests/{request_id[:32]}", status_code=303)


@router.post("/requests/{request_id}/issue", response_class=HTMLResponse)
def issue(request_id: str, request: Request, session: SessionDep, staff: StaffPage) -> Response:
    try:
        service.issue_for_request(session, request_id[:32], _office(request, staff), staff.name, now_ms())
    except service.ArchiveError as exc:
        session.rollback()
        return page(request, "archive/results.html", exc.status, error=str(exc), **_ctx("", docs=[]))
    session.commit()
    return RedirectResponse(f"/staff/archive/requests/{request_id[:32]}", status_code=303)


@router.get("/office", response_class=HTMLResponse)
def choose_office(
    request: Request, staff: StaffPage, office: Annotated[str, Query(max_length=63)]
) -> Response:
    response = RedirectResponse("/staff/archive", status_code=303)
    if office in OFFICES:
        response.set_cookie("onestop_office", office, samesite="strict", httponly=True)
    return response
