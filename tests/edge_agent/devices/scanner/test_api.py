"""The scanner's local API routes: a scan, a bad batch id, status with the citizen's instructions."""

from __future__ import annotations

from pathlib import Path

import pytest

from edge_agent.devices.scanner.driver import FakeScanner
from edge_agent.devices.scanner.service import DocumentScanner
from edge_agent.routes import ApiError
from tests.edge_agent.devices.routing import call, router_for
from tests.edge_agent.devices.scanner.conftest import CASE, RecordingSink, page


def test_scan_then_status_after_a_jam(tmp_path: Path, sink: RecordingSink) -> None:
    fake = FakeScanner([page(CASE, "1"), page(CASE, "2")], fault_at=(1, "jammed"))
    router = router_for(DocumentScanner(lambda: fake, tmp_path, sink=sink))
    result = call(router, "POST", "/v1/scanner/scans", {"case_no": CASE})
    assert result["outcome"] == "aborted" and result["fault"] == "jammed"  # type: ignore[index]
    status = call(router, "GET", "/v1/scanner/status")
    assert status["code"] == "jammed" and "卡紙" in status["citizen"]  # type: ignore[index]
    again = call(router, "POST", "/v1/scanner/scans", {"batch": result["batch"]})  # type: ignore[index]
    assert again["outcome"] == "completed" and again["page_count"] == 2  # type: ignore[index]


def test_bad_batch_id_is_a_400(tmp_path: Path, sink: RecordingSink) -> None:
    router = router_for(DocumentScanner(lambda: FakeScanner([]), tmp_path, sink=sink))
    with pytest.raises(ApiError) as err:
        call(router, "POST", "/v1/scanner/scans", {"batch": "../../etc"})
    assert err.value.status == 400 and sink.events == []


def test_codes_route_reads_qr_texts_and_keeps_nothing(tmp_path: Path, sink: RecordingSink) -> None:
    """POST /v1/scanner/codes: the QR texts of the pass, nothing sent; busy while a scan runs (409)."""
    fake = FakeScanner([page(CASE, "receipt")])
    scanner = DocumentScanner(lambda: fake, tmp_path, sink=sink)
    router = router_for(scanner)
    assert call(router, "POST", "/v1/scanner/codes", {}) == {
        "codes": [f"ONESTOP:CASE:{CASE}"],
        "fault": None,
        "citizen": "",
    }
    assert sink.events == [] and scanner.store.batches() == []
    empty = call(router, "POST", "/v1/scanner/codes", {})
    assert empty["fault"] == "no_paper" and empty["codes"] == []  # type: ignore[index]
    assert scanner._busy.acquire(blocking=False)  # a scan is running
    try:
        with pytest.raises(ApiError) as err:
            call(router, "POST", "/v1/scanner/codes", {})
        assert (err.value.status, err.value.code) == (409, "scanner_busy")
    finally:
        scanner._busy.release()
