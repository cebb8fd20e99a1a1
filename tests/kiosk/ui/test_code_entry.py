"""Issue 18, defect 3 by touch: the texts say the real formats, the pad offers only what fits next, and the
receipt's QR read by the scanner fills both fields and asks at once."""

from __future__ import annotations

from typing import Any

from kiosk.widgets import BACK, CLEAR
from onestop.dev.fake_agent import FakeAgent
from tests.kiosk.ui.helpers import apply_for, login_with_card, print_from_plan

NEVER = set("01ILO")


def keys_on_pad(kiosk: Any) -> set[str]:
    return {b.key for b in kiosk.find("pad").children if b.key and b.opacity} - {CLEAR, BACK}


def file_an_application(kiosk: Any, agent: FakeAgent) -> tuple[str, str]:
    login_with_card(kiosk, agent)
    apply_for(kiosk, "HR-TRANSCRIPT")
    kiosk.tap(kiosk.find("submit"))
    print_from_plan(kiosk)
    case_no, password = kiosk.find("case_no").text, kiosk.find("password").text
    agent.remove_card()
    kiosk.wait_until(lambda: kiosk.app.current == "welcome")
    return case_no, password


def test_the_pad_offers_only_what_fits_and_the_texts_say_the_real_format(
    kiosk: Any, agent: FakeAgent
) -> None:
    """GIVEN the progress screen WHEN the citizen types a case number THEN the pad shows the origin letters
    first, then digits for the date, then the case alphabet without 0/1/I/L/O; the hints and the error say
    what a case number and a password really look like (17 characters like K261121-4AD53-AJ5H3, 8 like
    MV9ZZNKX), never "digits"."""
    kiosk.tap(kiosk.find("progress"))
    assert keys_on_pad(kiosk) == set("KCOM")
    assert "如 K261121-4AD53-AJ5H3" in kiosk.find("case_no").text
    kiosk.press("K")
    assert keys_on_pad(kiosk) == set("0123456789") and "6 位數字" in kiosk.find("case_no").text
    kiosk.type_keys("261121")
    assert "後 10 碼是英文與數字，沒有 0/1/I/L/O" in kiosk.find("case_no").text
    letters = keys_on_pad(kiosk)
    assert not letters & NEVER and {"2", "9", "A", "Z", "M"} <= letters and len(letters) == 31
    kiosk.tap(kiosk.find("password"))
    assert "共 8 碼，沒有 0/1/I/L/O" in kiosk.find("password").text and not keys_on_pad(kiosk) & NEVER
    kiosk.type_keys("MV9ZZNKX")
    kiosk.tap(kiosk.find("submit"))
    kiosk.wait_until(lambda: kiosk.screen.error is not None)
    text = kiosk.screen_text()
    assert "案件編號應為 17 碼，如 K261121-4AD53-AJ5H3" in text and "數字" not in kiosk.app.trm(
        kiosk.screen.error
    )
    assert agent.calls.count("POST /v1/hub/case.query") == 0  # refused here, the hub never asked
    kiosk.tap(kiosk.find("lang"))
    assert "A case number has 17 characters, like K261121-4AD53-AJ5H3" in kiosk.screen_text()


def test_reading_the_printed_receipt_fills_both_fields_and_asks(kiosk: Any, agent: FakeAgent) -> None:
    """GIVEN a filed case whose receipt (drawn as the real printer draws it) lies in the scanner WHEN the
    citizen taps "scan receipt", then "read it now" THEN the QR is decoded, case number and password are
    filled, the query runs at once and the answer shows; the password field is masked then."""
    case_no, password = file_an_application(kiosk, agent)
    kiosk.tap(kiosk.find("progress"))
    kiosk.tap(kiosk.find("scan_receipt"))
    assert "放入掃描器進紙口" in kiosk.find("scan_steps").text
    kiosk.tap(kiosk.find("read_receipt"))  # nothing in the feeder yet
    kiosk.wait_until(lambda: kiosk.screen.error is not None)
    assert "掃描器裡沒有收據" in kiosk.screen_text()
    agent.put_receipt_in_scanner()
    kiosk.tap(kiosk.find("read_receipt"))
    kiosk.wait_until(lambda: bool(kiosk.screen.result), timeout=10)
    assert kiosk.find("case_no").value == case_no and case_no in kiosk.find("result").text
    assert kiosk.find("password").value == "●" * 8 and password not in kiosk.screen_text()
    assert "POST /v1/scanner/codes" in agent.calls


def test_a_page_without_a_receipt_code_is_explained(kiosk: Any, agent: FakeAgent) -> None:
    from PIL import Image

    kiosk.tap(kiosk.find("progress"))
    kiosk.tap(kiosk.find("scan_receipt"))
    agent.feeder_images.append(Image.new("L", (576, 800), 255))
    kiosk.tap(kiosk.find("read_receipt"))
    kiosk.wait_until(lambda: kiosk.screen.error is not None)
    assert "讀不到收據上的 QR 碼" in kiosk.screen_text()
    kiosk.tap(kiosk.find("type_instead"))
    assert kiosk.find("pad").get_root_window() is not None
