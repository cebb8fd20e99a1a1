"""Page processing (pure): QR to case, flags, compression, hashing, chunking; SANE faults named."""

from __future__ import annotations

import base64
import hashlib

from edge_agent.devices.scanner.pages import CHUNK_BYTES, ScannedPage, fault_for, page_events, process_page
from tests.edge_agent.devices.scanner.conftest import CASE, page
from wire.payloads.documents import MAX_CHUNK_CHARS, MediaType, PageFlag


def test_page_with_qr_is_attached_to_its_case() -> None:
    scanned = process_page(page(CASE, "page 1"))
    assert (scanned.case_no, scanned.flags) == (CASE, ())
    assert scanned.sha256 == hashlib.sha256(scanned.data).hexdigest()
    assert scanned.data[:2] == b"\xff\xd8" and len(scanned.data) < 827 * 1169 // 5  # JPEG, compressed


def test_page_without_qr_is_kept_and_flagged() -> None:
    scanned = process_page(page(None, "page 2"))
    assert scanned.case_no is None and scanned.flags == (PageFlag.NO_QR,)
    (event,) = page_events(scanned, "a" * 32, 1, 3)
    assert event.case_no is None and event.flags == (PageFlag.NO_QR,)


def test_page_of_another_case_is_flagged() -> None:
    scanned = process_page(page("K261121-22222-33333", "x"), expected_case=CASE)
    assert scanned.case_no == "K261121-22222-33333" and scanned.flags == (PageFlag.OTHER_CASE,)


def test_large_page_travels_in_chunks_that_reassemble() -> None:
    data = bytes(range(256)) * 5000  # 1.28 MB
    big = ScannedPage(CASE, (), data, MediaType.JPEG, hashlib.sha256(data).hexdigest(), 2480, 3508)
    events = page_events(big, "b" * 32, 0, 1)
    assert len(events) == -(-len(data) // CHUNK_BYTES) == 3
    assert all(len(e.data) <= MAX_CHUNK_CHARS for e in events)
    assert [e.chunk_index for e in events] == [0, 1, 2] and {e.chunk_count for e in events} == {3}
    joined = b"".join(base64.b64decode(e.data) for e in events)
    assert joined == data and hashlib.sha256(joined).hexdigest() == events[0].sha256


def test_sane_status_texts_become_faults_with_citizen_instructions() -> None:
    assert fault_for("Document feeder jammed").code == "jammed"
    assert "卡紙" in fault_for("Document feeder jammed").citizen
    assert fault_for("Scanner cover is open").code == "cover_open"
    assert fault_for("Document feeder out of documents").code == "no_paper"
    assert fault_for("something new").code == "scanner_error"
