"""Staff pages for returned documents: a page image, the pages without a case, attaching one by hand."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from hub.api.deps import SessionDep
from hub.cases.models import Case
from hub.cases.panels import case_panel
from hub.cases.service import CaseError, get_case
from hub.documents.models import CaseDocument, DocumentBlob
from hub.documents.sniff import matches
from hub.staff.accounts import Role, StaffPrincipal, audit
from hub.web.auth import page_role
from hub.web.render import page
from wire.payloads.cases import normalize_case_no

router = APIRouter(include_in_schema=False)
CounterPage = Annotated[StaffPrincipal, Depends(page_role(Role.COUNTER))]


@case_panel("documents", "documents/case_panel.html", order=50)
def case_pages(session: Session, case: Case) -> list[CaseDocument]:
    """The case page's 「回傳文件」 panel: the pages scanned back for this case, in scanning order."""
    return list(session.scalars(
        select(CaseDocument).where(CaseDocument.case_id == case.id)
        .order_by(CaseDocument.batch, CaseDocument.page_index)
    ))  # fmt: skip


@router.get("/staff/documents/{sha256}")
def document(sha256: str, staff: CounterPage, session: SessionDep) -> Response:
    blob = session.get(DocumentBlob, sha256[:64])
    if blob is None:
        raise HTTPException(404, "no such document")
    if not matches(blob.data, blob.media_type):  # e.g. HTML labelled image/png: a download, never a page
        return Response(
            blob.data,
            media_type="application/octet-stream",
            headers={"Content-Disposition": f'attachment; filename="{blob.sha256[:16]}.bin"'},
        )
    return Response(blob.data, media_type=blob.media_type)


@router.get("/staff/documents")
def unattached_documents(request: Request, staff: CounterPage, session: SessionDep) -> Response:
    """Returned pages that are not attached to a case (no readable QR, or a case number the hub lacks)."""
    pages = session.scalars(
        select(CaseDocument).where(CaseDocument.case_id.is_(None)).order_by(CaseDocument.id.desc()).limit(200)
    ).all()
    return page(request, "documents/documents.html", pages=pages)


@router.post("/staff/documents/{doc_id}/attach")
def attach_document(
    request: Request,
    doc_id: int,
    staff: CounterPage,
    session: SessionDep,
    case_no: Annotated[str, Form(max_length=40)],
) -> Response:
    """Attach a returned page to a case by hand (audited)."""
    try:
        with session.begin():
            doc = session.get(CaseDocument, doc_id)
            if doc is None:
                raise CaseError("no such page", 404)
            case = get_case(session, normalize_case_no(case_no))
            doc.case_id, doc.case_no = case.id, case.case_no
            audit(
                session,
                staff.name,
                "document.attach",
                case.case_no,
                {"page": doc_id, "sha256": doc.sha256[:16]},
            )
    except CaseError as exc:
        pages = session.scalars(select(CaseDocument).where(CaseDocument.case_id.is_(None)).limit(200)).all()
        return page(request, "documents/documents.html", exc.status, pages=pages, error=str(exc))
    return RedirectResponse(f"/staff/cases/{case.case_no}", status_code=303)
