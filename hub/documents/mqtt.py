"""``document.page`` events: assemble chunks, check the hash, store each image once, attach it to its case."""

from __future__ import annotations

import base64
import hashlib

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from hub.cases.models import Case
from hub.documents.models import CaseDocument, DocumentBlob, DocumentChunk
from hub.ingest.handlers import on_event
from wire import Decoded, now_ms
from wire.payloads.documents import DocumentPage


class DocumentError(ValueError):
    """A page whose bytes do not match its announced hash or size (the event goes to dead letters)."""


def store_page(session: Session, page: DocumentPage, device: str) -> CaseDocument | None:
    """Store one chunk; when the page is complete, the blob (once per hash) and its link to the case."""
    if page.chunk_count > 1:
        if session.get(DocumentChunk, (page.sha256, page.chunk_index)) is None:
            session.add(
                DocumentChunk(
                    sha256=page.sha256,
                    chunk_index=page.chunk_index,
                    chunk_count=page.chunk_count,
                    data=page.data,
                )
            )
            session.flush()
        chunks = session.scalars(
            select(DocumentChunk)
            .where(DocumentChunk.sha256 == page.sha256)
            .order_by(DocumentChunk.chunk_index)
        ).all()
        if len(chunks) < page.chunk_count:
            return None
        encoded = "".join(c.data for c in chunks)
    else:
        encoded = page.data
    if session.get(DocumentBlob, page.sha256) is None:
        data = base64.b64decode(encoded)
        if hashlib.sha256(data).hexdigest() != page.sha256 or len(data) != page.size:
            raise DocumentError(
                f"page {page.page_index} of batch {page.batch}: bytes do not match sha256/size"
            )
        session.add(
            DocumentBlob(
                sha256=page.sha256,
                media_type=page.media_type.value,
                size=page.size,
                width=page.width,
                height=page.height,
                data=data,
                created_at=now_ms(),
            )
        )
    session.execute(delete(DocumentChunk).where(DocumentChunk.sha256 == page.sha256))
    existing = session.scalar(
        select(CaseDocument).where(
            CaseDocument.batch == page.batch, CaseDocument.page_index == page.page_index
        )
    )
    if existing is not None:
        return existing
    case_id = session.scalar(select(Case.id).where(Case.case_no == page.case_no)) if page.case_no else None
    link = CaseDocument(
        sha256=page.sha256,
        case_no=page.case_no,
        case_id=case_id,
        batch=page.batch,
        page_index=page.page_index,
        page_count=page.page_count,
        flags=[f.value for f in page.flags],
        device=device,
        received_at=now_ms(),
    )
    session.add(link)
    session.flush()
    return link


@on_event("document.page")
def on_document_page(session: Session, msg: Decoded) -> None:
    assert isinstance(msg.body, DocumentPage)
    store_page(session, msg.body, msg.address.device)
