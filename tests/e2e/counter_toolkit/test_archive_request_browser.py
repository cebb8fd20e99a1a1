"""Acceptance: a cross-office request for an archived application goes requester → origin's inbox → scanned
at the origin's counter through its agent (SANE, two pages) → the requester's inbox shows it ready → the
certified copy (副本) is issued; each step seen in Chromium, the hub a real process over Mosquitto."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from sqlalchemy import select

from hub.archive.models import ArchiveDocument, ArchiveRequest, CertifiedCopy
from hub.db.session import make_engine, make_session_factory
from tests.e2e.counter_toolkit.rig import SealRig
from tests.e2e.counter_toolkit.test_scan_register_compare_browser import sign_in
from tests.hub.nplus_e.test_daily_batch_sftp import national_id
from tests.migrated import MigratedTemplates

pytestmark = pytest.mark.slow
PERSON = national_id(321)


def sheet(text: str) -> Image.Image:
    image = Image.new("L", (827, 1169), 255)
    ImageDraw.Draw(image).text((80, 200), text, fill=0)
    return image


@pytest.fixture
def rig(tmp_path: Path, sane_dir: Path, migrated: MigratedTemplates) -> Iterator[SealRig]:
    made = SealRig(tmp_path, sane_dir, migrated)
    try:
        yield made.start()
    finally:
        made.stop()


def test_request_scan_notice_copy_each_step_in_the_inbox(rig: SealRig, browser: object) -> None:
    fengyuan = sign_in(browser, rig.url, rig.tokens["wu.fengyuan"])
    fengyuan.goto(f"{rig.url}/staff/archive/office?office=tc-fengyuan")  # type: ignore[attr-defined]
    fengyuan.select_option("#r-origin", "tc-xitun")  # type: ignore[attr-defined]
    for field, value in [
        ("#r-id", PERSON),
        ("#r-name", "李建國"),
        ("#r-household", "H7654321"),
        ("#r-date", "1987-06-05"),
    ]:
        fengyuan.fill(field, value)  # type: ignore[attr-defined]
    fengyuan.select_option("#r-kind", "marriage")  # type: ignore[attr-defined]
    fengyuan.click("#request-form button[type=submit]")  # type: ignore[attr-defined]
    fengyuan.wait_for_url("**/staff/archive/requests/*")  # type: ignore[attr-defined]
    request_id = fengyuan.url.rsplit("/", 1)[1]  # type: ignore[attr-defined]
    fengyuan.goto(f"{rig.url}/staff/archive")  # type: ignore[attr-defined]
    assert fengyuan.locator(f'#waiting li[data-request="{request_id}"]').count() == 1  # type: ignore[attr-defined]

    # the origin office sees it in its inbox and scans the paper file at its archive desk's scanner
    rig.put_paper(
        "archive-xitun", sheet("MARRIAGE APPLICATION 1987"), sheet("ATTACHMENT: MARRIAGE CERTIFICATE")
    )
    xitun = sign_in(browser, rig.url, rig.tokens["lin.xitun"])
    xitun.goto(f"{rig.url}/staff/archive/office?office=tc-xitun")  # type: ignore[attr-defined]
    xitun.click(f'#to-scan li[data-request="{request_id}"] a')  # type: ignore[attr-defined]
    xitun.wait_for_url(f"**/staff/archive/requests/{request_id}")  # type: ignore[attr-defined]
    xitun.select_option("#device-pages", "archive-xitun")  # type: ignore[attr-defined]
    xitun.click("#scan-pages")  # type: ignore[attr-defined]
    xitun.wait_for_selector("#scan-preview-pages img >> nth=1", state="visible", timeout=20_000)  # type: ignore[attr-defined]
    xitun.click("#fulfil-button")  # type: ignore[attr-defined]
    xitun.wait_for_selector("#state")  # type: ignore[attr-defined]
    assert xitun.get_attribute("#state", "data-state") == "scanned"  # type: ignore[attr-defined]
    xitun.goto(f"{rig.url}/staff/archive")  # type: ignore[attr-defined]
    assert xitun.locator(f'#to-scan li[data-request="{request_id}"]').count() == 0  # type: ignore[attr-defined]

    # the requester is notified: the request is under "ready"; issuing makes the certified copy
    fengyuan.goto(f"{rig.url}/staff/archive")  # type: ignore[attr-defined]
    fengyuan.click(f'#ready li[data-request="{request_id}"] a')  # type: ignore[attr-defined]
    fengyuan.click("#issue")  # type: ignore[attr-defined]
    fengyuan.wait_for_selector("#copy a")  # type: ignore[attr-defined]
    assert fengyuan.get_attribute("#state", "data-state") == "issued"  # type: ignore[attr-defined]
    assert [line.split("—")[0].split()[-1] for line in fengyuan.inner_text("#history").splitlines()] == [
        "待調閱掃描", "已掃描，可核發", "已核發",
    ]  # type: ignore[attr-defined]  # fmt: skip

    engine = make_engine(rig.db_url)
    try:
        with make_session_factory(engine)() as session:
            request = session.get(ArchiveRequest, request_id)
            assert request is not None and request.state == "issued"
            doc = session.get(ArchiveDocument, request.document_id)
            assert doc is not None and (doc.page_count, doc.origin_office, doc.kind) == (
                2,
                "tc-xitun",
                "marriage",
            )
            copy = session.scalars(select(CertifiedCopy)).one()
            assert (copy.office, copy.issued_by, copy.request_id) == (
                "tc-fengyuan",
                "wu.fengyuan",
                request_id,
            )
    finally:
        engine.dispose()
