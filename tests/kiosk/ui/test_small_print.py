"""Small print and line breaks by touch (issue 18, defects 11 and 12): a key fact is never small or grey,
no lone character or split case number is drawn, the busy overlay visibly moves, and a frame taken right
after a resize is a real picture (the screenshot tool's black first frame)."""

from __future__ import annotations

import threading
from typing import Any

from kiosk import theme
from kiosk.accessibility import audit
from kiosk.linebreak import NO_LINE_END, NO_LINE_START
from onestop.dev.fake_agent import FakeAgent
from tests.kiosk.ui.helpers import apply_for, login_with_card, print_from_plan
from tests.kiosk.ui.test_layout import rendered_lines


def test_never_pay_twice_is_large_dark_and_bold(kiosk: Any, agent: FakeAgent) -> None:
    """GIVEN a receipt whose cut the agent could not record WHEN the citizen files by touch THEN the print
    check shows 「不確定時請洽服務人員，不要重複繳費」 at ≥ 28 px (34 px at 1280×800), bold, in the body text colour
    (it was 28 px grey), on no lone character, and the drawn frame passes the accessibility check."""
    login_with_card(kiosk, agent)
    apply_for(kiosk, "HR-TRANSCRIPT")
    agent.cut_interruptions = 1
    kiosk.tap(kiosk.find("submit"))
    kiosk.wait_until(lambda: kiosk.app.current == "print_plan")  # what prints and costs, then "print"
    kiosk.tap(kiosk.find("go"))
    kiosk.wait_until(lambda: kiosk.app.current == "print_check", timeout=10)
    note = kiosk.find("note")
    assert note.text == "不確定時請洽服務人員，不要重複繳費"
    assert note.font_size >= 28 * kiosk.app.scale and note.bold and tuple(note.color) == theme.TEXT
    assert all(len(line.strip("，。")) > 1 for line in rendered_lines(note))
    assert audit(kiosk.app, kiosk.frame(), "print_check") == []


def test_the_busy_overlay_moves(kiosk: Any, agent: FakeAgent) -> None:
    """GIVEN a slow receipt printer WHEN the citizen touches "submit" THEN after 0.5 s the busy overlay shows
    a thick track (≥ 30 px, not Kivy's 2-px bar) whose block is drawn at another place a moment later."""
    login_with_card(kiosk, agent)
    apply_for(kiosk, "HR-TRANSCRIPT")
    gate, real = threading.Event(), agent.send

    def slow_printer(request: Any) -> Any:
        if request.path == "/v1/printer/case-receipts":
            gate.wait(10)
        return real(request)

    agent.send = slow_printer  # type: ignore[method-assign]
    try:
        kiosk.tap(kiosk.find("submit"))
        kiosk.wait_until(lambda: kiosk.app.current == "print_plan")
        kiosk.tap(kiosk.find("go"))  # filing and printing start here since the print plan (defect 4)
        kiosk.wait_until(lambda: kiosk.app.busy_view.parent is not None, timeout=3.0)
        track = kiosk.find("track")
        assert track.height >= 30 * kiosk.app.scale
        first = block_left(kiosk, track)
        kiosk.wait(0.6)
        second = block_left(kiosk, track)
        assert abs(second - first) >= 10, (first, second)
    finally:
        gate.set()
    kiosk.wait_until(lambda: kiosk.app.current in ("done", "print_check"), timeout=10)


def block_left(kiosk: Any, track: Any) -> int:
    """The x of the first column in the track's middle row drawn in the primary colour."""
    frame = kiosk.frame()
    x, y = track.to_window(track.x, track.y)
    row = int(frame.height - (y + track.height / 2))
    want = [int(c * 255) for c in theme.PRIMARY[:3]]
    for col in range(int(x), int(x + track.width)):
        if all(abs(a - b) <= 10 for a, b in zip(frame.getpixel((col, row))[:3], want, strict=True)):
            return col
    raise AssertionError("no moving block drawn in the busy track")


def test_a_frame_right_after_a_resize_is_not_black(kiosk: Any) -> None:
    """GIVEN the welcome screen WHEN the window is resized and a frame taken at once (what the screenshot
    tool does first) THEN it is the drawn screen: hardly any black, the white background, text."""
    kiosk.resize((1920, 1080))
    image = kiosk.frame()
    assert image.size == (1920, 1080)
    colours = image.getcolors(maxcolors=1_000_000)
    dark = sum(n for n, (r, g, b) in colours if r + g + b < 60)
    white = sum(n for n, (r, g, b) in colours if r + g + b > 740)
    assert dark < 0.1 * 1920 * 1080 and white > 0.2 * 1920 * 1080 and len(colours) > 50


def test_no_line_ends_on_an_opening_bracket_before_a_case_number(kiosk: Any, agent: FakeAgent) -> None:
    """GIVEN a done screen in both languages WHEN drawn THEN no label's drawn line ends with an opening
    bracket or starts with closing punctuation, and the case number stays on one line."""
    from kiosk.widgets import KLabel

    login_with_card(kiosk, agent)
    apply_for(kiosk, "HR-TRANSCRIPT")
    kiosk.tap(kiosk.find("submit"))
    print_from_plan(kiosk)
    for _ in range(2):
        kiosk.pump(3)
        for label in (w for w in kiosk.widgets() if isinstance(w, KLabel) and w.text and w.opacity):
            for line in rendered_lines(label):
                assert line.rstrip()[-1:] not in NO_LINE_END and line[:1] not in NO_LINE_START, line
        assert "\n" not in kiosk.find("case_no").text and len(rendered_lines(kiosk.find("case_no"))) == 1
        assert audit(kiosk.app, kiosk.frame(), "done") == []
        kiosk.tap(kiosk.find("lang"))
