"""The technician screen's colours (issue 18, defect 8): a failed test print is a red banner saying what is
wrong (not the citizen's text in a green success banner), a faulty component looks different from a working
one, in the drawn pixels too; contrast stays ≥ 4.5:1 (the accessibility check)."""

from __future__ import annotations

from typing import Any

from kiosk import theme
from kiosk.accessibility import audit, window_rect
from kiosk.messages import translate
from onestop.dev.fake_agent import FakeAgent
from tests.kiosk.ui.fixtures import TECH_CODE


def open_technician(kiosk: Any) -> None:
    kiosk.tap(kiosk.find("technician"))
    kiosk.type_keys(TECH_CODE)
    kiosk.tap(kiosk.find("submit"))
    kiosk.wait_until(lambda: kiosk.app.current == "technician")


def colour_pixels(image: Any, rect: Any, rgb: tuple[float, ...]) -> int:
    """Pixels inside ``rect`` (window coordinates, origin bottom left) within 12 levels of ``rgb``."""
    x, y, w, h = rect.x, rect.y, rect.w, rect.h
    top = image.height - (y + h)
    box = image.crop((int(x), int(top), int(x + w), int(top + h)))
    want = [int(c * 255) for c in rgb[:3]]
    return sum(1 for px in box.getdata() if all(abs(a - b) <= 12 for a, b in zip(px[:3], want, strict=True)))


def test_a_failed_test_print_is_red_and_says_what_is_wrong(kiosk: Any, agent: FakeAgent) -> None:
    """GIVEN the technician screen WHEN a test print passes THEN a green ✓ banner; WHEN the printer is out of
    paper and the test print is touched THEN a red × banner with the technician's words, not the citizen's
    "ask staff" text; the drawn frame passes the accessibility check (contrast ≥ 4.5:1)."""
    open_technician(kiosk)
    kiosk.tap(kiosk.find("test_print"))
    kiosk.wait_until(lambda: bool(kiosk.screen.result))
    banner = kiosk.find("result")
    assert banner.text.startswith("✓") and tuple(banner.bg) == theme.NOTICE
    agent.printer_problem = "paper_out"
    kiosk.tap(kiosk.find("test_print"))
    kiosk.wait_until(lambda: kiosk.screen.result.startswith("×"))
    assert tuple(banner.bg) == theme.ERROR
    assert translate("tech.fault.paper_out") in banner.text and "請洽店員" not in banner.text
    frame = kiosk.frame()
    assert colour_pixels(frame, window_rect(banner), theme.ERROR) > 1000  # drawn red
    assert colour_pixels(frame, window_rect(banner), theme.NOTICE) == 0
    assert audit(kiosk.app, frame, "technician") == []


def test_a_faulty_device_looks_different_from_a_working_one(kiosk: Any, agent: FakeAgent) -> None:
    """GIVEN a jammed scanner WHEN the technician screen shows the status THEN the scanner's line has the
    red ■ mark and red bold text, the working ones a green ● mark; both colours are drawn."""
    agent.scanner_problem = "jammed"
    open_technician(kiosk)
    lines = kiosk.find("status").text.split("\n")
    scanner = next(line for line in lines if "掃描器" in line)
    card = next(line for line in lines if "讀卡機" in line)
    red, green = (theme_hex(theme.ERROR), theme_hex(theme.NOTICE))
    assert "■" in scanner and red in scanner and "[b]" in scanner
    assert "●" in card and green in card and red not in card
    frame = kiosk.frame()
    status = window_rect(kiosk.find("status"))
    assert colour_pixels(frame, status, theme.ERROR) > 50 and colour_pixels(frame, status, theme.NOTICE) > 20
    assert audit(kiosk.app, frame, "technician") == []


def theme_hex(rgba: tuple[float, ...]) -> str:
    from kivy.utils import get_hex_from_color

    return get_hex_from_color(rgba)


def test_the_offline_notice_is_informational_not_error_red(kiosk: Any, agent: FakeAgent) -> None:
    """GIVEN a cached catalogue and the hub away WHEN a citizen identifies by touch THEN the offline notice
    is drawn in the informational slate (the citizen can carry on and apply), not error red, with white
    text at ≥ 4.5:1; the services are there to touch."""
    from tests.kiosk.ui.helpers import NATIONAL_ID, cancel, service_button

    def identify() -> None:
        kiosk.tap(kiosk.find("light_id"))
        kiosk.type_keys(NATIONAL_ID + "0540312")
        kiosk.tap(kiosk.find("submit"))
        kiosk.wait_until(lambda: kiosk.app.current == "catalogue")

    identify()  # online: the catalogue is cached
    cancel(kiosk)
    agent.hub_online = False
    identify()
    notice = kiosk.find("offline")
    assert notice.text and tuple(notice.bg) == theme.INFO != theme.ERROR
    frame = kiosk.frame()
    rect = window_rect(notice)
    assert colour_pixels(frame, rect, theme.INFO) > 1000 and colour_pixels(frame, rect, theme.ERROR) == 0
    assert audit(kiosk.app, frame, "catalogue") == []
    assert service_button(kiosk, "JOB-SEEKER") is not None
