"""The step indicator: "step 2 of 5" in words and as segments on every screen of the application flow
(issue 18, defect 5)."""

from __future__ import annotations

from typing import Any

from onestop.dev.fake_agent import FakeAgent
from tests.kiosk.ui.helpers import apply_for, login_with_card, print_from_plan


def shown_step(kiosk: Any) -> tuple[str, int, int]:
    segments = kiosk.find("steps").children[0]
    return kiosk.find("step_words").text, int(segments.step), int(segments.total)


def test_every_application_screen_says_which_step_it_is(kiosk: Any, agent: FakeAgent) -> None:
    """GIVEN a card application walked by touch WHEN each screen shows THEN the bar says the step in words
    with its name and fills that many of five segments; English says it in English."""
    login_with_card(kiosk, agent)
    assert shown_step(kiosk) == ("第 2 步，共 5 步：\n選擇項目", 2, 5)
    apply_for(kiosk, "HR-TRANSCRIPT")
    assert shown_step(kiosk) == ("第 4 步，共 5 步：\n確認內容", 4, 5)
    kiosk.tap(kiosk.find("lang"))
    assert shown_step(kiosk)[0] == "Step 4 of 5:\nConfirm"
    kiosk.tap(kiosk.find("back"))
    kiosk.wait_until(lambda: kiosk.app.current == "apply")
    assert shown_step(kiosk) == ("Step 3 of 5:\nFill in", 3, 5)
    kiosk.tap(kiosk.find("lang"))
    kiosk.tap(kiosk.find("submit"))
    kiosk.wait_until(lambda: kiosk.app.current == "confirm")
    kiosk.tap(kiosk.find("submit"))
    print_from_plan(kiosk)
    assert shown_step(kiosk) == ("第 5 步，共 5 步：\n完成", 5, 5)


def test_outside_a_flow_the_bar_shows_the_title(kiosk: Any, agent: FakeAgent) -> None:
    assert kiosk.app.step == 0 and kiosk.find("steps").opacity == 0
    kiosk.tap(kiosk.find("light_id"))
    assert shown_step(kiosk) == ("第 1 步，共 5 步：\n確認身分", 1, 5)
