"""HTTP API of the archive (/api/v1/archive): keep scans, search, certified copies, cross-office requests, inbox."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, HTTPException, UploadFile
from fastapi import Path as PathParam
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select

from hub.api.deps import SessionDep, SettingsDep
from hub.archive import copy_pdf, service
from hub.archive.models import ArchiveDocument, ArchiveImage, ArchivePage, ArchiveRequest, CertifiedCopy
from hub.archive.rules import KIND_ZH, Kind
from hub.core.images import MAX_BYTES
from hub.core.offices import OFFICES
from hub.core.uploads import refuse_large_body
from hub.staff.accounts import Role, StaffPrincipal
from hub.staff.deps import require_role
from wire import now_ms

router = APIRouter(prefix="/api/v1/archive", tags=["archive"], dependencies=[Depends(refuse_large_body)])
Counter = Annotated[StaffPrincipal, Depends(require_role(Role.COUNTER))]
Hex32 = Annotated[str, PathParam(pattern=r"^[0-9a-f]{32}$")]


def fail(exc: service.ArchiveError) -> HTTPException:
    return HTTPException(exc.status, {"field": exc.field, "message": exc.message})


async def read_pages(pages: list[UploadFile]) -> list[bytes]:
    out, total = [], 0
    for n, upload in enumerate(pages):
        data = await upload.read(MAX_BYTES + 1)
        total += len(data)
        if len(data) > MAX_BYTES or total > 4 * MAX_BYTES:
            raise HTTPException(
                413, {"field": f"pages[{n}]", "message": f"pages are limited to {MAX_BYTES // 2**20} MB each"}
            )
        out.append(data)
    return out


class DocumentOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: str
    person_masked: str
    person_name: str
    household: str
    kind: str
    registered_on: str
    origin_office: str
    page_count: int
    scanned_by: str


class RequestOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: str
    requester_office: str
    origin_office: str
    person_masked: str
    person_name: str
    household: str
    kind: str
    registered_on: str
    state: str
    due_at: int
    document_id: str | None
    notified_at: int | None


def index_of(national_id: str, name: str, household: str, kind: Kind, registered_on: date) -> service.Index:
    return service.Index(national_id, name, household, kind, registered_on)


@router.post("/documents", status_code=201)
async def keep(
    session: SessionDep, settings: SettingsDep, staff: Counter,
    national_id: Annotated[str, Form(max_length=64)], name: Annotated[str, Form(max_length=100)],
    household: Annotated[str, Form(max_length=16)], kind: Annotated[Kind, Form()],
    registered_on: Annotated[date, Form()], origin_office: Annotated[str, Form(max_length=63)],
    pages: Annotated[list[UploadFile], File()],
) -> DocumentOut:  # fmt: skip
    data = await read_pages(pages)
    secret = settings.household_id_key.get_secret_value().encode()
    try:
        doc = service.archive(session, index_of(national_id, name, household, kind, registered_on), data,
                              origin_office, staff.name, secret, now_ms())  # fmt: skip
    except service.ArchiveError as exc:
        session.rollback()
        raise fail(exc) from None
    session.commit()
    return DocumentOut.model_validate(doc)


class SearchIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    national_id: str = Field(default="", max_length=64)
    household: str = Field(default="", max_length=16)
    kind: Kind | None = None
    date_from: date | None = None
    date_to: date | None = None
    origin_office: str = Field(default="", max_length=63)


@router.post("/search")
def search(body: SearchIn, session: SessionDep, settings: SettingsDep, staff: Counter) -> list[DocumentOut]:
    secret = settings.household_id_key.get_secret_value().encode()
    try:
        docs = service.search(session, secret, **body.model_dump())
    except service.ArchiveError as exc:
        raise fail(exc) from None
    return [DocumentOut.model_validate(d) for d in docs]


@router.get("/documents/{document_id}")
def document(document_id: Hex32, session: SessionDep, staff: Counter) -> dict[str, Any]:
    doc = session.get(ArchiveDocument, document_id)
    if doc is None:
        raise HTTPException(404, {"field": "document_id", "message": "no such archived document"})
    pages = session.scalars(
        select(ArchivePage).where(ArchivePage.document_id == doc.id).order_by(ArchivePage.page_index)
    )
    return {
        "document": DocumentOut.model_validate(doc),
        "pages": [
            {
                "index": p.page_index,
                "image": f"/api/v1/archive/pages/{p.image_sha256}.png",
                "qr_case_no": p.qr_case_no,
            }
            for p in pages
        ],
    }


class OfficeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    office: str = Field(max_length=63)


@router.post("/documents/{document_id}/copies", status_code=201)
def copy(document_id: Hex32, body: OfficeIn, session: SessionDep, staff: Counter) -> dict[str, str]:
    try:
        made, _ = service.issue_copy(session, document_id, body.office, staff.name, now_ms())
    except service.ArchiveError as exc:
        session.rollback()
        raise fail(exc) from None
    session.commit()
    return {"id": made.id, "pdf": f"/api/v1/archive/copies/{made.id}.pdf"}


def copy_bytes(session: Any, copy_id: str) -> bytes:
    made = session.get(CertifiedCopy, copy_id)
    if made is None:
        raise HTTPException(404, {"field": "copy_id", "message": "no such copy"})
    doc = session.get(ArchiveDocument, made.document_id)
    title = f"{KIND_ZH[Kind(doc.kind)]}申請書 {doc.person_name}（{doc.person_masked}）{doc.registered_on}"
    return copy_pdf.render(service.page_images(session, doc.id), copy_id=made.id, title=title,
                           office_name=OFFICES[made.office], issuer=made.issued_by, issued_at_ms=made.issued_at)  # fmt: skip


@router.get("/copies/{copy_id}.pdf")
def copy_pdf_file(copy_id: Hex32, session: SessionDep, staff: Counter) -> Response:
    """The issued copy again (same bytes: made from the stored pages, issuer and time)."""
    return Response(copy_bytes(session, copy_id), media_type="application/pdf")


@router.get("/pages/{sha256}.png")
def page(
    sha256: Annotated[str, PathParam(pattern=r"^[0-9a-f]{64}$")], session: SessionDep, staff: Counter
) -> Response:
    row = session.get(ArchiveImage, sha256)
    if row is None:
        raise HTTPException(404, {"field": "sha256", "message": "no such page"})
    return Response(row.data, media_type="image/png", headers={"Cache-Control": "private, max-age=86400"})


class RequestIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    requester_office: str = Field(max_length=63)
    origin_office: str = Field(max_length=63)
    national_id: str = Field(max_length=64)
    name: str = Field(max_length=100)
    household: str = Field(max_length=16)
    kind: Kind
    registered_on: date


@router.post("/requests", status_code=201)
def file_request(body: RequestIn, session: SessionDep, settings: SettingsDep, staff: Counter) -> RequestOut:
    secret = settings.household_id_key.get_secret_value().encode()
    index = index_of(body.national_id, body.name, body.household, body.kind, body.registered_on)
    try:
        request = service.file_request(
            session, index, body.requester_office, body.origin_office, staff.name, secret, now_ms()
        )
    except service.ArchiveError as exc:
        session.rollback()
        raise fail(exc) from None
    session.commit()
    return RequestOut.model_validate(request)


@router.post("/requests/{request_id}/scan")
async def fulfil(
    request_id: Hex32, session: SessionDep, settings: SettingsDep, staff: Counter,
    office: Annotated[str, Form(max_length=63)], pages: Annotated[list[UploadFile], File()],
) -> RequestOut:  # fmt: skip
    data = await read_pages(pages)
    secret = settings.household_id_key.get_secret_value().encode()
    try:
        request = service.fulfil(session, request_id, data, office, staff.name, secret, now_ms())
    except service.ArchiveError as exc:
        session.rollback()
        raise fail(exc) from None
    session.commit()
    return RequestOut.model_validate(request)


@router.post("/requests/{request_id}/issue")
def issue(request_id: Hex32, body: OfficeIn, session: SessionDep, staff: Counter) -> dict[str, Any]:
    try:
        request, made, _ = service.issue_for_request(session, request_id, body.office, staff.name, now_ms())
    except service.ArchiveError as exc:
        session.rollback()
        raise fail(exc) from None
    session.commit()
    return {
        "request": RequestOut.model_validate(request),
        "copy": {"id": made.id, "pdf": f"/api/v1/archive/copies/{made.id}.pdf"},
    }


@router.get("/requests/{request_id}")
def request_detail(request_id: Hex32, session: SessionDep, staff: Counter) -> dict[str, Any]:
    row = session.get(ArchiveRequest, request_id)
    if row is None:
        raise HTTPException(404, {"field": "request_id", "message": "no such request"})
    return {
        "request": RequestOut.model_validate(row),
        "history": [
            {"state": e.state, "office": e.office, "staff": e.staff, "at": e.at, "note": e.note}
            for e in service.history(session, row.id)
        ],
    }


@router.get("/inbox")
def inbox(office: str, session: SessionDep, staff: Counter) -> dict[str, Any]:
    try:
        box = service.inbox(session, office, now_ms())
    except service.ArchiveError as exc:
        raise fail(exc) from None
    return {
        "to_scan": [RequestOut.model_validate(r) for r in box.to_scan],
        "ready": [RequestOut.model_validate(r) for r in box.ready],
        "waiting": [RequestOut.model_validate(r) for r in box.waiting],
        "overdue": sorted(box.overdue),
    }
