"""Screens really render (not black), in CJK, with touch targets of at least 90 px at both kiosk sizes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from kiosk.theme import MIN_TARGET_PX
from onestop.dev.fake_agent import FakeAgent
from tests.kiosk.ui.fixtures import TECH_CODE
from tests.kiosk.ui.helpers import apply_for, cancel, login_with_card


def visible_buttons(kiosk: Any) -> list[Any]:
    from kivy.uix.button import Button

    screen = kiosk.screen
    out = []
    stack = [screen, kiosk.app.shell.ids.home.parent]
    while stack:
        w = stack.pop()
        stack.extend(w.children)
        if isinstance(w, Button) and w.opacity > 0 and not w.disabled and w.text:
            out.append(w)
    return out


def test_welcome_screenshot_is_rendered_with_chinese_text(kiosk: Any, tmp_path: Path) -> None:
    path = kiosk.screenshot(tmp_path / "welcome.png")
    image = Image.open(path).convert("RGB")
    assert image.size == (1280, 800)
    colours = image.getcolors(maxcolors=1_000_000)
    assert colours is not None and len(colours) > 50  # anti-aliased text, not a flat or black frame
    dark = sum(n for n, (r, g, b) in colours if r + g + b < 60)
    assert dark < 0.5 * 1280 * 800
    assert kiosk.app.font == "KioskSans"  # Noto Sans CJK registered


@pytest.mark.parametrize("size", [(1280, 800), (1920, 1080)])
def test_touch_targets_are_at_least_90_px(kiosk: Any, agent: FakeAgent, size: tuple[int, int]) -> None:
    kiosk.resize(size)
    seen: dict[str, int] = {}

    def check() -> None:
        kiosk.pump(3)
        buttons = visible_buttons(kiosk)
        small = [(b.text[:20], int(b.width), int(b.height)) for b in buttons
                 if b.width < MIN_TARGET_PX or b.height < MIN_TARGET_PX]  # fmt: skip
        assert small == [], f"{kiosk.app.current}: {small}"
        seen[kiosk.app.current] = len(buttons)

    check()
    kiosk.tap(kiosk.find("light_id"))
    check()
    cancel(kiosk)
    login_with_card(kiosk, agent)
    check()
    apply_for(kiosk, "HR-TRANSCRIPT")
    check()
    kiosk.tap(kiosk.find("back"))
    kiosk.wait_until(lambda: kiosk.app.current == "apply")
    check()
    assert set(seen) == {"welcome", "identify", "catalogue", "confirm", "apply"}


def rendered_lines(label: Any) -> list[str]:
    """The lines Kivy laid out for ``label`` (what is drawn), after its texture was updated."""
    label.texture_update()
    return ["".join(w.text for w in line.words) for line in label._label._cached_lines]


@pytest.mark.parametrize("size", [(1280, 800), (1920, 1080)])
def test_no_chinese_line_starts_with_closing_punctuation(
    kiosk: Any, agent: FakeAgent, size: tuple[int, int]
) -> None:
    """GIVEN the technician screen with the printer out of paper (a long notice that wrapped with "，"
    first on line 2) WHEN laid out at either size THEN no drawn line of any label starts with closing
    punctuation, and the label's text itself is unchanged (tests and screen readers see the sentence)."""
    from kiosk.linebreak import NO_LINE_START
    from kiosk.messages import translate
    from kiosk.widgets import KLabel

    kiosk.resize(size)
    kiosk.tap(kiosk.find("technician"))
    kiosk.type_keys(TECH_CODE)
    kiosk.tap(kiosk.find("submit"))
    kiosk.wait_until(lambda: kiosk.app.current == "technician")
    agent.printer_problem = "paper_out"
    kiosk.tap(kiosk.find("test_print"))
    kiosk.wait_until(lambda: bool(kiosk.screen.result))
    kiosk.pump(3)
    notice = kiosk.find("result")
    assert translate("tech.fault.paper_out") in notice.text and "\n" not in notice.text
    kiosk.tap(kiosk.find("lang"))  # the English text wraps: a line may not start with its punctuation either
    kiosk.pump(3)
    assert len(rendered_lines(notice)) >= 2
    bad = [
        (w.text[:20], line)
        for w in kiosk.widgets()
        if isinstance(w, KLabel) and w.text
        for line in rendered_lines(w)
        if line[:1] in NO_LINE_START
    ]
    assert bad == []


@pytest.mark.parametrize("size", [(1280, 800), (1920, 1080)])
def test_a_wide_case_number_stays_on_one_line(kiosk: Any, agent: FakeAgent, size: tuple[int, int]) -> None:
    """GIVEN a case number of the widest letters (W, M) in the progress screen's field WHEN laid out at
    either size THEN it is drawn on one line, its font shrunk no further than 30 px (scaled), and the
    accessibility check finds no split case number; a short value keeps the full 40."""
    from kiosk.accessibility import audit

    kiosk.resize(size)
    kiosk.tap(kiosk.find("progress"))
    field, scale = kiosk.find("case_no"), kiosk.app.scale
    field.value = "K261204-WMWMW-MWMWM"
    kiosk.pump(3)
    lines = [line.strip() for line in rendered_lines(field) if line.strip()]
    assert "K261204-WMWMW-MWMWM" in lines, lines
    assert 30 * scale <= field.value_size <= 40 * scale
    assert [f for f in audit(kiosk.app, kiosk.frame(), "progress") if f.rule == "split_code"] == []
    field.value = "K2612"
    kiosk.pump(3)
    assert field.value_size == 40 * scale
