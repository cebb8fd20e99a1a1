"""Scanner through real SANE backends (python-sane): pnm files as a document feeder, the test backend."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from edge_agent.devices.printer.layout import CaseReceipt, FontSpec, blocks_for, render
from edge_agent.devices.scanner.driver import PnmFeeder, SaneScanner
from edge_agent.devices.scanner.service import DocumentScanner
from tests.edge_agent.devices.scanner.conftest import CASE, RecordingSink, page
from wire import ComponentState
from wire.payloads.documents import BatchOutcome, DocumentBatch, DocumentPage, PageFlag


@pytest.fixture
def form_pages(tmp_path: Path) -> list[Path]:
    """A returned three-page form: QR on pages 1 and 3; page 2's QR was torn off."""
    files = []
    for i, case in enumerate([CASE, None, CASE]):
        path = tmp_path / f"p{i}.pgm"
        page(case, f"page {i + 1}").save(path)
        files.append(path)
    return files


def scanner_for(feeder: PnmFeeder, tmp_path: Path, sink: RecordingSink) -> DocumentScanner:
    return DocumentScanner(lambda: SaneScanner("pnm:0", feeder=feeder), tmp_path / "scans", sink=sink)


def test_three_page_form_pages_attached_in_order_and_missing_qr_flagged(
    sane_dir: Path, form_pages: list[Path], tmp_path: Path, sink: RecordingSink
) -> None:
    scanner = scanner_for(PnmFeeder(form_pages), tmp_path, sink)
    result = scanner.scan(expected_case=CASE)
    assert result.outcome is BatchOutcome.COMPLETED and result.page_count == 3
    pages = sink.bodies(DocumentPage)
    assert [(p.page_index, p.page_count, p.case_no, p.flags) for p in pages] == [  # type: ignore[attr-defined]
        (0, 3, CASE, ()), (1, 3, None, (PageFlag.NO_QR,)), (2, 3, CASE, ()),
    ]  # fmt: skip
    (summary,) = sink.bodies(DocumentBatch)
    assert (summary.cases, summary.flagged_pages, summary.outcome) == ((CASE,), (1,), BatchOutcome.COMPLETED)  # type: ignore[attr-defined]
    assert {p.batch for p in pages} == {result.batch}  # type: ignore[attr-defined]
    assert scanner.health().state is ComponentState.OK


def test_jam_mid_batch_is_explained_and_continuing_loses_and_doubles_nothing(
    sane_dir: Path, form_pages: list[Path], tmp_path: Path, sink: RecordingSink
) -> None:
    feeder = PnmFeeder(form_pages, faults={1: "status_jammed"})
    scanner = scanner_for(feeder, tmp_path, sink)
    first = scanner.scan(expected_case=CASE)
    assert (first.outcome, first.fault, first.page_count) == (BatchOutcome.ABORTED, "jammed", 1)
    assert "卡紙" in first.citizen
    assert scanner.health().state is ComponentState.ERROR and "jam" in scanner.health().reason
    feeder.faults.clear()  # the citizen cleared the jam and put the rest back
    second = scanner.scan(batch=first.batch, expected_case=CASE)
    assert second.outcome is BatchOutcome.COMPLETED and second.page_count == 3
    assert scanner.health().state is ComponentState.OK and scanner.citizen_message() == ""
    indexes = [p.page_index for p in sink.bodies(DocumentPage)]  # type: ignore[attr-defined]
    assert indexes == [0, 1, 2]  # every page once, in order
    assert [b.outcome for b in sink.bodies(DocumentBatch)] == [BatchOutcome.ABORTED, BatchOutcome.COMPLETED]  # type: ignore[attr-defined]


def test_nothing_is_deleted_until_the_hub_confirmed(
    sane_dir: Path, form_pages: list[Path], tmp_path: Path, sink: RecordingSink
) -> None:
    scanner = scanner_for(PnmFeeder(form_pages), tmp_path, sink)
    batch = scanner.scan().batch
    assert len(scanner.store.local_files(batch)) == 3
    assert scanner.purge_confirmed() == 0  # nothing acknowledged yet
    assert len(scanner.store.local_files(batch)) == 3
    sink.ack_all()
    assert scanner.purge_confirmed() == 3
    assert scanner.store.local_files(batch) == [] and scanner.store.batches() == []


def test_empty_feeder_and_cover_open_are_reported(
    sane_dir: Path, form_pages: list[Path], tmp_path: Path
) -> None:
    sink = RecordingSink()
    scanner = scanner_for(PnmFeeder([]), tmp_path, sink)
    result = scanner.scan()
    assert result.fault == "no_paper" and "放入" in result.citizen and sink.events == []
    cover = scanner_for(PnmFeeder(form_pages, faults={0: "status_coveropen"}), tmp_path / "c", sink)
    assert cover.scan().fault == "cover_open"
    assert cover.device_health.code == "cover_open"


def test_pages_stored_but_not_sent_before_a_stop_are_sent_at_start(
    sane_dir: Path, form_pages: list[Path], tmp_path: Path
) -> None:
    """GIVEN pages on disk that never reached the outbox (the agent died between the two) WHEN the scanner
    component starts again THEN they are sent, once, with their case and flags."""
    lost = RecordingSink()
    lost.emit = lambda body: (_ for _ in ()).throw(OSError("agent killed"))  # type: ignore[method-assign]
    first = scanner_for(PnmFeeder(form_pages), tmp_path, lost)
    with pytest.raises(OSError):
        first.scan(expected_case=CASE)
    sink = RecordingSink()
    again = DocumentScanner(lambda: SaneScanner("pnm:0"), tmp_path / "scans", sink=sink)
    again.start(purge_every=3600)
    try:
        pages = sink.bodies(DocumentPage)
        assert [(p.page_index, p.case_no) for p in pages] == [(0, CASE), (1, None), (2, CASE)]  # type: ignore[attr-defined]
        assert again.resend_unsent() == 0  # nothing twice
    finally:
        again.stop()


def test_a_printed_receipt_is_read_for_its_qr_and_nothing_is_kept_or_sent(
    sane_dir: Path, tmp_path: Path, sink: RecordingSink, cjk_font: FontSpec
) -> None:
    """Issue 18, defect 3: GIVEN the receipt image the printer layout makes (受理憑單 with its password) in the
    pnm feeder WHEN the kiosk asks for the codes THEN the query QR comes back, and no page is stored or sent
    (the receipt holds the password); an empty feeder is the citizen's to fix, not a device alarm."""
    receipt = CaseReceipt("桃園市政府", "門牌證明", "K261121-4AD53-AJ5H3", date(2026, 11, 21), "MV9ZZNKX")
    path = tmp_path / "receipt.pgm"
    render(blocks_for(receipt), cjk_font).convert("L").save(path)
    scanner = scanner_for(PnmFeeder([path]), tmp_path, sink)
    result = scanner.read_codes()
    assert result.codes == ["ONESTOP:QUERY:K261121-4AD53-AJ5H3:MV9ZZNKX"] and result.fault == ""
    assert sink.events == [] and scanner.store.batches() == []
    empty = scanner_for(PnmFeeder([]), tmp_path / "e", sink).read_codes()
    assert (empty.codes, empty.fault) == ([], "no_paper") and "放入" in empty.citizen
    assert scanner.health().state is ComponentState.OK
