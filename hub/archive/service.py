"""Archive logic: keep scanned applications (multi-page, QR read), search them from any office, issue certified
copies (audited), and the cross-office request: requester files → origin scans → requester notified → issues."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from hub.archive import copy_pdf
from hub.archive.models import (
    ArchiveDocument,
    ArchiveImage,
    ArchivePage,
    ArchiveRequest,
    ArchiveRequestEvent,
    CertifiedCopy,
)
from hub.archive.rules import KIND_ZH, REQUEST_DAYS, Kind
from hub.auth.national_id import InvalidIdentification, person_key
from hub.core.images import BadImage, CheckedImage, check_image
from hub.core.offices import OFFICES, UnknownOffice, check_office
from hub.staff.accounts import audit
from wire.printed import case_from_qr

MAX_PAGES = 200
DAY_MS = 86_400_000


class ArchiveError(ValueError):
    """A request that cannot be done; ``field`` names the input, ``status`` the HTTP status."""

    def __init__(self, field: str, message: str, status: int = 422) -> None:
        super().__init__(f"{field}: {message}")
        self.field, self.message, self.status = field, message, status


@dataclass(frozen=True)
class Index:
    """What a document is found by (the national ID only as its keyed hash)."""

    national_id: str
    name: str
    household: str
    kind: Kind
    registered_on: date


def _office(code: str, field: str) -> str:
    try:
        return check_office(code, field)
    except UnknownOffice as exc:
        raise ArchiveError(field, str(exc).split(": ", 1)[1]) from None


def _person(national_id: str, secret: bytes) -> tuple[str, str]:
    try:
        return person_key(national_id, secret)
    except InvalidIdentification as exc:
        raise ArchiveError("national_id", exc.message) from None


def _check_index(index: Index) -> None:
    if not index.name.strip() or len(index.name) > 100:
        raise ArchiveError("name", "the person's name is required (at most 100 characters)")
    if not index.household.isalnum() or not 1 <= len(index.household) <= 16:
        raise ArchiveError("household", "the household number (戶號) is 1-16 letters or digits")


def _qr(png: bytes) -> str | None:
    """The OneStop case number in the page's QR code, if it has one (OpenCV's detector: no zbar on the hub)."""
    import cv2
    import numpy as np

    gray = cv2.imdecode(np.frombuffer(png, np.uint8), cv2.IMREAD_GRAYSCALE)
    if gray is None:
        return None
    text, _, _ = cv2.QRCodeDetector().detectAndDecode(gray)
    return case_from_qr(text) if text else None


def _checked_pages(pages: list[bytes]) -> list[CheckedImage]:
    if not pages:
        raise ArchiveError("pages", "scan or upload at least one page")
    if len(pages) > MAX_PAGES:
        raise ArchiveError("pages", f"at most {MAX_PAGES} pages per document")
    checked = []
    for n, data in enumerate(pages):
        try:
            checked.append(check_image(data, f"pages[{n}]"))
        except BadImage as exc:
            raise ArchiveError(exc.field, exc.message, exc.status) from None
    return checked


def _store_pages(session: Session, doc: ArchiveDocument, checked: list[CheckedImage]) -> None:
    session.add(doc)
    session.flush()
    for n, image in enumerate(checked):
        if session.get(ArchiveImage, image.sha256) is None:
            session.add(
                ArchiveImage(sha256=image.sha256, width=image.width, height=image.height, data=image.png)
            )
            session.flush()
        session.add(
            ArchivePage(
                document_id=doc.id, page_index=n, image_sha256=image.sha256, qr_case_no=_qr(image.png)
            )
        )


def archive(
    session: Session,
    index: Index,
    pages: list[bytes],
    origin_office: str,
    staff: str,
    secret: bytes,
    now_ms: int,
) -> ArchiveDocument:
    """Keep a scanned application and its attachments; every page checked before anything is stored."""
    origin_office = _office(origin_office, "origin_office")
    key, shown = _person(index.national_id, secret)
    _check_index(index)
    checked = _checked_pages(pages)
    doc = ArchiveDocument(
        id=secrets.token_hex(16), person_key=key, person_masked=shown, person_name=index.name.strip(),
        household=index.household, kind=index.kind.value, registered_on=index.registered_on.isoformat(),
        origin_office=origin_office, page_count=len(checked), scanned_at=now_ms, scanned_by=staff,
    )  # fmt: skip
    _store_pages(session, doc, checked)
    audit(session, staff, "archive.scan", doc.id, {"pages": len(checked), "office": origin_office})
    return doc


def search(
    session: Session,
    secret: bytes,
    *,
    national_id: str = "",
    household: str = "",
    kind: Kind | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    origin_office: str = "",
) -> list[ArchiveDocument]:
    """Documents by person or household (one of them is required), narrowed by kind, dates, origin office."""
    if not national_id and not household:
        raise ArchiveError("national_id", "give the national ID or the household number to search by")
    query = select(ArchiveDocument)
    if national_id:
        query = query.where(ArchiveDocument.person_key == _person(national_id, secret)[0])
    if household:
        query = query.where(ArchiveDocument.household == household[:16])
    if kind is not None:
        query = query.where(ArchiveDocument.kind == kind.value)
    if date_from is not None:
        query = query.where(ArchiveDocument.registered_on >= date_from.isoformat())
    if date_to is not None:
        query = query.where(ArchiveDocument.registered_on <= date_to.isoformat())
    if origin_office:
        query = query.where(ArchiveDocument.origin_office == _office(origin_office, "origin_office"))
    return list(session.scalars(query.order_by(ArchiveDocument.registered_on.desc()).limit(200)))


def page_images(session: Session, document_id: str) -> list[bytes]:
    rows = session.execute(
        select(ArchiveImage.data)
        .join(ArchivePage, ArchivePage.image_sha256 == ArchiveImage.sha256)
        .where(ArchivePage.document_id == document_id)
        .order_by(ArchivePage.page_index)
    ).all()
    return [bytes(r[0]) for r in rows]


def issue_copy(
    session: Session, document_id: str, office: str, staff: str, now_ms: int, request_id: str | None = None
) -> tuple[CertifiedCopy, bytes]:
    """A certified copy at any office: the PDF with 「副本」, the issuer, and an audit entry."""
    doc = session.get(ArchiveDocument, document_id)
    if doc is None:
        raise ArchiveError("document_id", "no such archived document", 404)
    office = _office(office, "office")
    copy = CertifiedCopy(
        id=secrets.token_hex(16), document_id=doc.id, office=office, issued_by=staff, issued_at=now_ms,
        request_id=request_id,
    )  # fmt: skip
    session.add(copy)
    title = f"{KIND_ZH[Kind(doc.kind)]}申請書 {doc.person_name}（{doc.person_masked}）{doc.registered_on}"
    pdf = copy_pdf.render(
        page_images(session, doc.id), copy_id=copy.id, title=title, office_name=OFFICES[office], issuer=staff,
        issued_at_ms=now_ms,
    )  # fmt: skip
    audit(session, staff, "archive.copy", copy.id, {"document": doc.id, "office": office})
    return copy, pdf


def _event(
    session: Session, request: ArchiveRequest, office: str, staff: str, now_ms: int, note: str = ""
) -> None:
    session.add(
        ArchiveRequestEvent(
            request_id=request.id, state=request.state, office=office, staff=staff, at=now_ms, note=note
        )
    )


def file_request(
    session: Session,
    index: Index,
    requester_office: str,
    origin_office: str,
    staff: str,
    secret: bytes,
    now_ms: int,
) -> ArchiveRequest:
    """The requesting office asks the origin office to scan a document it has only on paper."""
    requester_office = _office(requester_office, "requester_office")
    origin_office = _office(origin_office, "origin_office")
    if requester_office == origin_office:
        raise ArchiveError(
            "origin_office", "the document is at this office: scan it here instead of requesting it"
        )
    key, shown = _person(index.national_id, secret)
    _check_index(index)
    request = ArchiveRequest(
        id=secrets.token_hex(16), requester_office=requester_office, origin_office=origin_office, person_key=key,
        person_masked=shown, person_name=index.name.strip(), household=index.household, kind=index.kind.value,
        registered_on=index.registered_on.isoformat(), state="requested", requested_by=staff, requested_at=now_ms,
        due_at=now_ms + REQUEST_DAYS * DAY_MS,
    )  # fmt: skip
    session.add(request)
    session.flush()
    _event(session, request, requester_office, staff, now_ms)
    audit(session, staff, "archive.request", request.id, {"origin": origin_office})
    return request


def _request(session: Session, request_id: str) -> ArchiveRequest:
    request = session.get(ArchiveRequest, request_id)
    if request is None:
        raise ArchiveError("request_id", "no such request", 404)
    return request


def fulfil(
    session: Session, request_id: str, pages: list[bytes], office: str, staff: str, secret: bytes, now_ms: int
) -> ArchiveRequest:
    """The origin office scans the document; it is archived and the requester's inbox shows it ready."""
    request = _request(session, request_id)
    if office != request.origin_office:
        raise ArchiveError("office", "only the origin office scans a requested document", 403)
    if request.state != "requested":
        raise ArchiveError("request_id", f"the request is {request.state}", 409)
    doc = archive_for_request(session, request, pages, staff, now_ms)
    request.document_id, request.state, request.notified_at = doc.id, "scanned", now_ms
    _event(session, request, office, staff, now_ms, "scanned; requester notified")
    return request


def archive_for_request(
    session: Session, request: ArchiveRequest, pages: list[bytes], staff: str, now_ms: int
) -> ArchiveDocument:
    """Like ``archive`` with the request's index (its person key, since the ID is not kept)."""
    checked = _checked_pages(pages)
    doc = ArchiveDocument(
        id=secrets.token_hex(16), person_key=request.person_key, person_masked=request.person_masked,
        person_name=request.person_name, household=request.household, kind=request.kind,
        registered_on=request.registered_on, origin_office=request.origin_office, page_count=len(checked),
        scanned_at=now_ms, scanned_by=staff,
    )  # fmt: skip
    _store_pages(session, doc, checked)
    audit(session, staff, "archive.scan", doc.id, {"pages": len(checked), "request": request.id})
    return doc


def issue_for_request(
    session: Session, request_id: str, office: str, staff: str, now_ms: int
) -> tuple[ArchiveRequest, CertifiedCopy, bytes]:
    request = _request(session, request_id)
    if office != request.requester_office:
        raise ArchiveError("office", "the requesting office issues the copy", 403)
    if request.state != "scanned" or request.document_id is None:
        raise ArchiveError(
            "request_id", f"the request is {request.state}; it can be issued once scanned", 409
        )
    copy, pdf = issue_copy(session, request.document_id, office, staff, now_ms, request.id)
    request.state = "issued"
    _event(session, request, office, staff, now_ms, f"copy {copy.id}")
    return request, copy, pdf


@dataclass(frozen=True)
class Inbox:
    to_scan: list[ArchiveRequest]  # others asked this office to scan
    ready: list[ArchiveRequest]  # scanned by the origin: issue now
    waiting: list[ArchiveRequest]  # asked by this office, not scanned yet
    overdue: set[str]  # request ids past their deadline


def inbox(session: Session, office: str, now_ms: int) -> Inbox:
    office = _office(office, "office")
    rows = list(
        session.scalars(
            select(ArchiveRequest)
            .where(or_(ArchiveRequest.origin_office == office, ArchiveRequest.requester_office == office))
            .where(ArchiveRequest.state.in_(("requested", "scanned")))
            .order_by(ArchiveRequest.due_at)
        )
    )
    return Inbox(
        to_scan=[r for r in rows if r.origin_office == office and r.state == "requested"],
        ready=[r for r in rows if r.requester_office == office and r.state == "scanned"],
        waiting=[r for r in rows if r.requester_office == office and r.state == "requested"],
        overdue={r.id for r in rows if r.state == "requested" and r.due_at < now_ms},
    )


def history(session: Session, request_id: str) -> list[ArchiveRequestEvent]:
    return list(
        session.scalars(
            select(ArchiveRequestEvent)
            .where(ArchiveRequestEvent.request_id == request_id)
            .order_by(ArchiveRequestEvent.id)
        )
    )
