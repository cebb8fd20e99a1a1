"""Medium 12 of issue 13: a printed receipt's image (it shows the query password) leaves the spool file once
the job is done or confirmed; only jobs that may still print keep theirs (a real SQLite spool file)."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from edge_agent.devices.printer.spool import JobState, PrintSpool


def _on_disk(path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in path.parent.iterdir() if p.name.startswith(path.name))


def test_done_and_confirmed_images_are_deleted_uncertain_ones_kept(tmp_path: Path) -> None:
    path = tmp_path / "spool.db"
    spool = PrintSpool(path)
    # 800 bytes each: within one page, so an image left on disk is found as one run of bytes
    images = {name: b"\\x89PNG" + name.encode() + os.urandom(400).hex().encode() for name in ("a", "b", "c")}
    for name, png in images.items():
        spool.add(name, "receipt", png)
    spool.started("a")
    spool.finished("a")
    for name in ("b", "c"):
        spool.started(name)
        spool.cut_sent(name)
    spool.mark_uncertain("agent restarted at the cut")
    spool.resolve("b", printed=True)  # the citizen has it
    assert spool.get("a").state is JobState.DONE and spool.get("a").image_png == b""
    assert spool.get("b").image_png == b"" and spool.get("c").image_png == images["c"]  # c may be reprinted
    spool.close()
    disk = _on_disk(path)
    assert images["a"] not in disk, "a done receipt's image is still in the spool files"
    assert images["b"] not in disk, "a confirmed receipt's image is still in the spool files"
    assert images["c"] in disk  # the uncertain one is kept for its reprint


def test_an_old_spool_forgets_its_done_images_when_opened(tmp_path: Path) -> None:
    path = tmp_path / "spool.db"
    PrintSpool(path).close()
    with sqlite3.connect(path) as db:  # a spool written by an agent before this change
        db.execute(
            "INSERT INTO print_jobs (id, kind, image_png, state, case_no, payment_no, created_ms, seq)"
            " VALUES ('old', 'receipt', ?, 'done', NULL, NULL, 0, 1)",
            (b"OLD-RECEIPT-IMAGE-WITH-PASSWORD",),
        )
    spool = PrintSpool(path)
    assert spool.get("old").image_png == b""
    spool.close()
    assert b"OLD-RECEIPT-IMAGE-WITH-PASSWORD" not in _on_disk(path)
