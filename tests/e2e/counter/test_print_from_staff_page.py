"""Headless Chromium on the staff pages of a real hub process: a document issued and printed at the counter
comes out of the real CUPS queue; the test rasterises the PDF and reads its text and QR code back."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from pyzbar.pyzbar import decode

from onestop.dev.chromium import chromium
from tests.e2e.counter.rig import DEVICE, CounterRig, wait_until
from tests.migrated import MigratedTemplates

pytestmark = [pytest.mark.slow, pytest.mark.mosquitto]


@pytest.fixture(scope="module")
def rig(tmp_path_factory: pytest.TempPathFactory, migrated: MigratedTemplates) -> Iterator[CounterRig]:
    rig = CounterRig(tmp_path_factory.mktemp("counter-rig"), migrated)
    try:
        yield rig.start()
    finally:
        rig.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as launched:
        yield launched


def signed_in(browser: Any, rig: CounterRig) -> Any:
    page = browser.new_context(locale="zh-TW", viewport={"width": 1280, "height": 900}).new_page()
    page.goto(f"{rig.url}/staff/login")
    page.fill("#token", rig.tokens["lin.counter"])
    page.click("main button[type=submit]")
    page.wait_for_url("**/staff/cases")
    return page


def read_back(pdf: Path, tmp: Path) -> tuple[str, list[str]]:
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True).stdout.decode()
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", str(pdf), str(tmp / "page")], check=True)
    return text, [s.data.decode() for s in decode(Image.open(tmp / "page.png"))]


def test_a_notice_issued_on_the_staff_page_is_printed_at_the_counter(
    rig: CounterRig, browser: Any, tmp_path: Path
) -> None:
    page = signed_in(browser, rig)
    wait_until(lambda: rig.agent is not None and rig.agent.session.online, 20, "the counter agent online")
    page.goto(f"{rig.url}/staff/counter")
    page.click("text=戶籍通知書")
    page.fill("#name", "王小明")
    page.fill("#address", "臺中市西屯區臺灣大道三段99號")
    page.fill("#matter", "遷入登記")
    page.fill("#event_date", "115-02-10")
    page.fill("#national_id", "A123456789")
    page.click("#issue")
    page.wait_for_url("**/staff/counter/documents/XT-*")
    number = page.inner_text("#number")

    # the counter's agent announced its A4 printer in its birth; it is offered at this counter
    def offered() -> bool:
        page.reload()
        return page.locator(f"#device option[value='{DEVICE}']").count() > 0

    wait_until(offered, 20, "the counter's A4 printer in the list", step=0.3)
    before = len(rig.printed())
    page.select_option("#device", DEVICE)
    page.click("#print")
    page.wait_for_url("**/staff/counter/jobs/*")
    page.wait_for_selector("#state[data-state=completed]", timeout=30_000)
    out = wait_until(lambda: rig.printed()[before:], 10, "the PDF out of the CUPS queue")
    text, codes = read_back(out[-1], tmp_path)
    assert "戶籍通知書" in text and number in text and "王小明" in text and "******6789" in text
    assert "A123456789" not in text
    assert codes == [f"http://127.0.0.1:8000/staff/counter/documents/{number}"]


def test_a_calculation_is_shown_with_its_reasoning_and_printed(
    rig: CounterRig, browser: Any, tmp_path: Path
) -> None:
    page = signed_in(browser, rig)
    page.goto(f"{rig.url}/staff/counter/calc/conception")
    page.fill("#birth", "民國113年2月29日")
    page.click("#compute")
    page.wait_for_selector("#result")
    assert "2023-05-03" in page.inner_text("#result") and "民法第1062條" in page.inner_text("#result")
    page.goto(f"{rig.url}/staff/counter/calc/residence?go=1&stays=2023-05-01,2023-04-01")
    assert "stays[0].exit" in page.inner_text("#err")  # the field is named, nothing printed
    page.goto(f"{rig.url}/staff/counter/calc/conception?go=1&birth=2024-02-29")
    before = len(rig.printed())
    page.click("#print")
    page.wait_for_selector("#state[data-state=completed]", timeout=30_000)
    out = wait_until(lambda: rig.printed()[before:], 10, "the reasoning out of the CUPS queue")
    text, _ = read_back(out[-1], tmp_path)
    assert "受胎期間計算" in text and "2023-09-01" in text


def test_screenshots_of_every_counter_page(rig: CounterRig, browser: Any, tmp_path: Path) -> None:
    """Every new staff page renders (and, with ONESTOP_SCREENSHOTS=docs/screenshots, is kept for the docs)."""
    import os

    out = Path(os.environ.get("ONESTOP_SCREENSHOTS", tmp_path))
    out.mkdir(parents=True, exist_ok=True)
    page = signed_in(browser, rig)
    wait_until(lambda: rig.agent is not None and rig.agent.session.online, 20, "the counter agent online")
    shots = {
        "counter-index": "/staff/counter",
        "counter-calc-conception": "/staff/counter/calc/conception?go=1&birth=113-02-29",
        "counter-calc-residence": "/staff/counter/calc/residence?go=1&applicant=foreign_spouse&basis=calendar"
        "&as_of=2024-03-01&stays=2021-01-01,2022-12-20%0A2023-01-10,2023-07-01",
        "counter-calc-allowance": "/staff/counter/calc/allowance?go=1&birth=2024-02-29&registered_on=2024-09-03"
        "&mother_since=2023-10-01&children=1",
        "counter-calc-deadline": "/staff/counter/calc/deadline?go=1&event=115-01-17&amount=30&unit=days",
        "counter-calc-error": "/staff/counter/calc/residence?go=1&stays=2023-05-01,2023-04-01",
        "counter-doc-notice": "/staff/counter/documents/new/notice",
        "counter-doc-fine": "/staff/counter/documents/new/fine",
        "counter-doc-one-time": "/staff/counter/documents/new/one_time",
        "counter-tips": "/staff/counter/tips",
        "counter-tips-edit": "/staff/counter/tips/death/edit",
    }
    for name, path in shots.items():
        response = page.goto(f"{rig.url}{path}")
        assert response is not None and response.status in (200, 400), name
        page.screenshot(path=str(out / f"{name.removeprefix('counter-')}.png"), full_page=True)
    page.goto(f"{rig.url}/staff/counter/documents/new/fine")
    for field, value in {"name": "李大華", "address": "臺中市西屯區", "matter": "出生登記", "event_date": "114-10-01",
                         "reminded": "是"}.items():  # fmt: skip
        page.fill(f"#{field}", value)
    with page.expect_response("**/staff/counter/documents/preview") as preview:
        page.click("#preview-btn")
    assert preview.value.status == 200 and preview.value.headers["content-type"] == "application/pdf"
    page.screenshot(path=str(out / "doc-filled.png"), full_page=True)
    page.click("#issue")
    page.wait_for_url("**/staff/counter/documents/XT-*")
    page.screenshot(path=str(out / "document.png"), full_page=True)
    page.select_option("#device", DEVICE)
    page.click("#print")
    page.wait_for_selector("#state[data-state=completed]", timeout=30_000)
    page.screenshot(path=str(out / "job.png"), full_page=True)
    page.goto(f"{rig.url}/staff/counter/documents")
    page.screenshot(path=str(out / "register.png"), full_page=True)
