"""Take the agent's answer to ``scanner.scan``: its ``document.page`` events (stored first by ``hub.documents`` in
the same ingest transaction) and its closing ``document.batch``. A counter scan is not a returned case page, so
its pages leave the unattached-pages inbox."""

from __future__ import annotations

from sqlalchemy import delete
from sqlalchemy.orm import Session

from hub.documents.models import CaseDocument, DocumentBlob
from hub.ingest.handlers import on_event
from hub.scans.models import CounterScan, CounterScanPage
from wire import Decoded, now_ms
from wire.payloads.documents import BatchOutcome, DocumentBatch, DocumentPage


@on_event("document.page")
def on_scanned_page(session: Session, msg: Decoded) -> None:
    assert isinstance(msg.body, DocumentPage)
    page = msg.body
    if session.get(CounterScan, page.batch) is None or session.get(DocumentBlob, page.sha256) is None:
        return  # not a counter scan, or more chunks to come
    if session.get(CounterScanPage, (page.batch, page.page_index)) is None:
        session.add(CounterScanPage(batch=page.batch, page_index=page.page_index, sha256=page.sha256))
    session.execute(delete(CaseDocument).where(CaseDocument.batch == page.batch))


@on_event("document.batch")
def on_scan_done(session: Session, msg: Decoded) -> None:
    assert isinstance(msg.body, DocumentBatch)
    scan = session.get(CounterScan, msg.body.batch)
    if scan is None:
        return
    scan.page_count, scan.completed_at = msg.body.page_count, now_ms()
    if msg.body.outcome is BatchOutcome.ABORTED or msg.body.page_count == 0:
        scan.error = f"the scanner stopped: {msg.body.reason or 'no page'}"[:500]
