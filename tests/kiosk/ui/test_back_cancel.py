"""Back keeps what was typed; cancel asks once, then wipes; the bar's targets are well apart (issue 18,
defect 2)."""

from __future__ import annotations

from typing import Any

from kiosk.a11y_rules import gap
from kiosk.accessibility import window_rect
from onestop.dev.fake_agent import FakeAgent
from tests.kiosk.ui.helpers import NATIONAL_ID, PHONE, personal_texts_left, service_button


def test_back_returns_with_what_was_typed(kiosk: Any, agent: FakeAgent) -> None:
    """GIVEN a citizen who typed the ID number and birth date, then a phone number for a service WHEN they
    touch "back" twice THEN each earlier screen shows what they had typed, and forward again too."""
    kiosk.tap(kiosk.find("light_id"))
    kiosk.type_keys(NATIONAL_ID + "0540312")
    assert not kiosk.app.can_back  # nothing before the first screen of the flow but the welcome
    kiosk.tap(kiosk.find("submit"))
    kiosk.wait_until(lambda: kiosk.app.current == "catalogue")
    kiosk.tap(service_button(kiosk, "JOB-SEEKER"))
    kiosk.wait_until(lambda: kiosk.app.current == "apply")
    kiosk.type_keys(PHONE)
    kiosk.tap(kiosk.find("back_bar"))
    kiosk.wait_until(lambda: kiosk.app.current == "catalogue")
    kiosk.tap(kiosk.find("back_bar"))
    kiosk.wait_until(lambda: kiosk.app.current == "identify")
    assert kiosk.screen.values["national_id"] == NATIONAL_ID and kiosk.screen.values["birth"] == "0540312"
    kiosk.tap(kiosk.find("submit"))
    kiosk.wait_until(lambda: kiosk.app.current == "catalogue")
    kiosk.tap(service_button(kiosk, "JOB-SEEKER"))
    kiosk.wait_until(lambda: kiosk.app.current == "apply")
    assert kiosk.screen.values["phone"] == PHONE


def test_cancel_asks_once_then_wipes(kiosk: Any, agent: FakeAgent) -> None:
    """GIVEN a citizen half-way through an application WHEN they touch "cancel" THEN the kiosk asks; "carry
    on" keeps everything; "cancel" again and "end and clear" wipes it and returns to the welcome screen."""
    kiosk.tap(kiosk.find("light_id"))
    kiosk.type_keys(NATIONAL_ID + "0540312")
    kiosk.tap(kiosk.find("submit"))
    kiosk.wait_until(lambda: kiosk.app.current == "catalogue")
    kiosk.tap(service_button(kiosk, "JOB-SEEKER"))
    kiosk.wait_until(lambda: kiosk.app.current == "apply")
    kiosk.type_keys(PHONE)
    kiosk.tap(kiosk.find("home"))
    kiosk.wait_until(lambda: kiosk.app.cancel_view.parent is not None)
    assert "要結束並清除資料嗎？" in kiosk.screen_text()
    kiosk.tap(kiosk.app.cancel_view.ids.keep)
    kiosk.wait_until(lambda: kiosk.app.cancel_view.parent is None)
    assert kiosk.app.current == "apply" and kiosk.screen.values["phone"] == PHONE
    kiosk.tap(kiosk.find("home"))
    kiosk.wait_until(lambda: kiosk.app.cancel_view.parent is not None)
    kiosk.tap(kiosk.app.cancel_view.ids.wipe)
    kiosk.wait_until(lambda: kiosk.app.current == "welcome")
    assert kiosk.app.flow.identity is None and not kiosk.app.can_back
    assert personal_texts_left(kiosk, [PHONE, NATIONAL_ID]) == []


def test_bar_buttons_are_well_apart(kiosk: Any, agent: FakeAgent) -> None:
    """The bar's back, cancel and language buttons: at least 60 px between any two (was 16 px)."""
    kiosk.tap(kiosk.find("light_id"))
    kiosk.type_keys(NATIONAL_ID + "0540312")
    kiosk.tap(kiosk.find("submit"))
    kiosk.wait_until(lambda: kiosk.app.current == "catalogue")
    bar = [window_rect(kiosk.find(name)) for name in ("back_bar", "home", "lang")]
    assert kiosk.app.can_back
    assert min(gap(a, b) for i, a in enumerate(bar) for b in bar[i + 1 :]) >= 60
