"""Acceptance: scan → register at one office → later compare at another office, through real agents (SANE pnm
scanners), the real hub process over Mosquitto, and headless Chromium; the page shows both impressions aligned,
and the staff decision is recorded with both images and the score."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from hub.db.session import make_engine, make_session_factory
from hub.seals.models import SealComparison, SealImage, SealRecord
from onestop.dev.seal_stamps import Carving, Press, stamp
from tests.e2e.counter_toolkit.rig import SealRig
from tests.hub.nplus_e.test_daily_batch_sftp import national_id
from tests.migrated import MigratedTemplates

pytestmark = pytest.mark.slow
SEAL = Carving("林志強印")
PERSON = national_id(123)


@pytest.fixture
def rig(tmp_path: Path, sane_dir: Path, migrated: MigratedTemplates) -> Iterator[SealRig]:
    made = SealRig(tmp_path, sane_dir, migrated)
    try:
        yield made.start()
    finally:
        made.stop()


def sign_in(browser: object, url: str, token: str) -> object:
    page = browser.new_context(locale="zh-TW").new_page()  # type: ignore[attr-defined]
    page.goto(f"{url}/staff/login")
    page.fill("#token", token)
    page.click("main button[type=submit]")
    page.wait_for_url("**/staff/**")
    return page


def test_scan_register_then_compare_at_another_office(rig: SealRig, browser: object, tmp_path: Path) -> None:
    # office 1 (西屯): the citizen's seal on the counter scanner's glass; staff scan and register it
    rig.put_paper("counter-xitun", stamp(SEAL, Press(seed=1)))
    xitun = sign_in(browser, rig.url, rig.tokens["lin.xitun"])
    xitun.goto(f"{rig.url}/staff/seals")  # type: ignore[attr-defined]
    xitun.fill("#reg-id", PERSON)  # type: ignore[attr-defined]
    xitun.fill("#reg-name", "林志強")  # type: ignore[attr-defined]
    xitun.select_option("#reg-office", "tc-xitun")  # type: ignore[attr-defined]
    xitun.select_option("#device-image", "counter-xitun")  # type: ignore[attr-defined]
    xitun.click("#scan-image")  # type: ignore[attr-defined]
    xitun.wait_for_selector("#scan-preview-image", state="visible", timeout=20_000)  # type: ignore[attr-defined]
    xitun.click("#register-form button[type=submit]")  # type: ignore[attr-defined]
    xitun.wait_for_url("**/staff/seals/records/*")  # type: ignore[attr-defined]
    assert "有效" in xitun.inner_text("main")  # type: ignore[attr-defined]

    # office 2 (豐原), later: the same seal pressed askew with other paste; staff look up, scan, compare
    rig.put_paper(
        "counter-fengyuan",
        stamp(SEAL, Press(angle=23, scale=1.05, shift=(20, -12), ink=(160, 30, 50), pressure=1, seed=7)),
    )
    fengyuan = sign_in(browser, rig.url, rig.tokens["wu.fengyuan"])
    fengyuan.goto(f"{rig.url}/staff/seals")  # type: ignore[attr-defined]
    fengyuan.fill("#lookup-id", PERSON)  # type: ignore[attr-defined]
    fengyuan.click("#lookup-form button[type=submit]")  # type: ignore[attr-defined]
    fengyuan.click(".record a")  # type: ignore[attr-defined]
    fengyuan.wait_for_url("**/staff/seals/records/*")  # type: ignore[attr-defined]
    fengyuan.select_option("#cmp-office", "tc-fengyuan")  # type: ignore[attr-defined]
    fengyuan.select_option("#device-presented", "counter-fengyuan")  # type: ignore[attr-defined]
    fengyuan.click("#scan-presented")  # type: ignore[attr-defined]
    fengyuan.wait_for_selector("#scan-preview-presented", state="visible", timeout=20_000)  # type: ignore[attr-defined]
    fengyuan.click("#compare-button")  # type: ignore[attr-defined]
    fengyuan.wait_for_url("**/staff/seals/comparisons/*")  # type: ignore[attr-defined]
    for view in ("registered", "aligned", "overlay", "difference"):
        width = fengyuan.eval_on_selector(f"#view-{view}", "img => img.complete && img.naturalWidth")  # type: ignore[attr-defined]
        assert width == 256, view
    fengyuan.screenshot(path=str(tmp_path / "comparison.png"), full_page=True)  # type: ignore[attr-defined]
    assert "相近" in fengyuan.inner_text("main")  # type: ignore[attr-defined]
    fengyuan.fill("#note", "印文相符")  # type: ignore[attr-defined]
    fengyuan.click("#decide-match")  # type: ignore[attr-defined]
    fengyuan.wait_for_selector("#decision")  # type: ignore[attr-defined]

    engine = make_engine(rig.db_url)
    try:
        with make_session_factory(engine)() as session:
            record = session.scalars(select(SealRecord)).one()
            assert (record.office, record.created_by, record.status) == (
                "tc-xitun",
                "lin.xitun",
                "registered",
            )
            comparison = session.scalars(select(SealComparison)).one()
            assert comparison.record_id == record.id and comparison.office == "tc-fengyuan"
            assert (comparison.decision, comparison.decided_by, comparison.note) == (
                "match",
                "wu.fengyuan",
                "印文相符",
            )
            assert abs(((comparison.rotation_deg - 23 + 180) % 360) - 180) < 2.5
            assert abs(comparison.scale - 1.05) < 0.04
            for sha in (record.image_sha256, comparison.presented_sha256, comparison.aligned_sha256):
                assert session.get(SealImage, sha) is not None
            assert PERSON not in (record.owner_masked + record.owner_key)
    finally:
        engine.dispose()
