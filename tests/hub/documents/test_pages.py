"""Returned pages: stored once by content hash, chunks assembled, attached to their case, bad bytes refused."""

from __future__ import annotations

import base64
import hashlib
import os

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from hub.cases.service import Applicant, open_case
from hub.documents.models import CaseDocument, DocumentBlob, DocumentChunk
from hub.documents.mqtt import DocumentError, store_page
from wire.payloads.documents import DocumentPage


def _page(
    image: bytes, case_no: str | None, index: int = 0, batch: str = "a" * 32, **over: object
) -> DocumentPage:
    fields: dict[str, object] = {
        "batch": batch,
        "case_no": case_no,
        "page_index": index,
        "page_count": 2,
        "sha256": hashlib.sha256(image).hexdigest(),
        "media_type": "image/png",
        "size": len(image),
        "width": 100,
        "height": 140,
        "data": base64.b64encode(image).decode(),
        "flags": () if case_no else ("no_qr",),
    }
    fields.update(over)
    return DocumentPage.model_validate(fields)


def _case(sessions: sessionmaker[Session]) -> str:
    with sessions() as session, session.begin():
        case, _ = open_case(
            session,
            service_code="SW-EMERGENCY-AID",
            channel="counter",
            applicant=Applicant("林"),
            consent=True,
            actor="t",
            public_url="http://x",
        )
        return case.case_no


def test_page_attached_to_its_case_and_stored_once(sessions: sessionmaker[Session]) -> None:
    no = _case(sessions)
    image = b"\x89PNG" + os.urandom(500)
    with sessions() as session, session.begin():
        store_page(session, _page(image, no, 0), "kiosk-1")
        store_page(session, _page(image, no, 0), "kiosk-1")  # a repeat of the same page
        store_page(session, _page(image, no, 1), "kiosk-1")  # the same image as another page
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(DocumentBlob)) == 1
        links = session.scalars(select(CaseDocument).order_by(CaseDocument.page_index)).all()
        assert [(d.page_index, d.case_no, d.case_id is not None) for d in links] == [
            (0, no, True),
            (1, no, True),
        ]


def test_chunks_are_assembled_and_unknown_case_pages_kept(sessions: sessionmaker[Session]) -> None:
    image = os.urandom(3000)
    encoded = base64.b64encode(image).decode()
    parts = [encoded[:1600], encoded[1600:]]
    with sessions() as session, session.begin():
        first = _page(image, None, chunk_index=0, chunk_count=2, data=parts[0])
        assert store_page(session, first, "kiosk-1") is None
        link = store_page(session, _page(image, None, chunk_index=1, chunk_count=2, data=parts[1]), "kiosk-1")
        assert link is not None and link.case_id is None and link.flags == ["no_qr"]
    with sessions() as session:
        blob = session.get(DocumentBlob, hashlib.sha256(image).hexdigest())
        assert blob is not None and blob.data == image
        assert session.scalar(select(func.count()).select_from(DocumentChunk)) == 0


def test_bytes_not_matching_the_hash_are_refused(sessions: sessionmaker[Session]) -> None:
    image = os.urandom(100)
    bad = _page(image, None, sha256=hashlib.sha256(b"other").hexdigest())
    with pytest.raises(DocumentError), sessions() as session, session.begin():
        store_page(session, bad, "kiosk-1")
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(DocumentBlob)) == 0
