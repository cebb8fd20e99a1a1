"""Shared-terminal privacy: idle warning and reset, card removal within 2 s, nothing personal left behind."""

from __future__ import annotations

from typing import Any

from onestop.dev.fake_agent import FakeAgent
from tests.kiosk.ui.helpers import (
    NATIONAL_ID,
    PHONE,
    apply_for,
    login_with_card,
    personal_texts_left,
    service_button,
    type_child_and_phone,
)


class FakeClock:
    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_idle_warning_more_time_then_reset_wipes_everything(kiosk: Any, agent: FakeAgent) -> None:
    """GIVEN a citizen identified by ID number on the confirmation screen WHEN nobody touches for 60 s
    THEN a warning with a big "more time" button shows; WHEN answered, it stays; WHEN ignored for 90 s
    THEN the kiosk is back at welcome and no personal text is left anywhere in the widget tree."""
    clock = FakeClock()
    kiosk.app.clock = clock
    kiosk.app.idle.touch(clock.now)
    kiosk.tap(kiosk.find("light_id"))
    kiosk.type_keys(NATIONAL_ID + "0540312")
    kiosk.tap(kiosk.find("submit"))
    kiosk.wait_until(lambda: kiosk.app.current == "catalogue")
    apply_for(kiosk, "JOB-SEEKER")
    secrets = [NATIONAL_ID, "A123******", PHONE]
    assert personal_texts_left(kiosk, secrets)  # the check can see them while the citizen is here

    clock.now += 59
    kiosk.wait(0.4)
    assert kiosk.app.idle_view.parent is None
    clock.now += 2  # 61 s
    kiosk.wait(0.4)
    assert kiosk.app.idle_view.parent is not None
    assert kiosk.app.idle_view.seconds >= 20
    more = kiosk.find("more")
    assert more.height >= 90 and more.width >= 90
    kiosk.tap(more)
    assert kiosk.app.idle_view.parent is None and kiosk.app.current == "confirm"

    clock.now += 61
    kiosk.wait(0.4)
    assert kiosk.app.idle_view.parent is not None  # warned again
    clock.now += 30  # 91 s without an answer
    kiosk.wait(0.4)
    kiosk.wait_until(lambda: kiosk.app.current == "welcome")
    assert kiosk.app.idle_view.parent is None
    assert personal_texts_left(kiosk, secrets) == []
    assert kiosk.app.sm.screen_names == ["welcome"]  # no cached screen
    assert kiosk.app.flow.identity is None and kiosk.app.flow.phone == ""
    assert "已清除上一位使用者的資料" in kiosk.screen_text()
    kiosk.wait_until(lambda: bool(agent.visits))
    assert agent.visits == [
        {"service": "JOB-SEEKER", "seconds": 152, "outcome": "timed_out", "pages_printed": 0}
    ]


def test_a_touch_anywhere_postpones_the_warning(kiosk: Any, agent: FakeAgent) -> None:
    clock = FakeClock()
    kiosk.app.clock = clock
    kiosk.app.idle.touch(clock.now)
    kiosk.tap(kiosk.find("progress"))
    clock.now += 50
    kiosk.press("K")  # a case number starts with its origin letter
    clock.now += 50
    kiosk.wait(0.4)
    assert kiosk.app.idle_view.parent is None and kiosk.app.current == "progress"


def test_card_removal_resets_within_two_seconds(kiosk: Any, agent: FakeAgent) -> None:
    login_with_card(kiosk, agent)
    kiosk.tap(service_button(kiosk, "HR-TRANSCRIPT"))
    kiosk.wait_until(lambda: kiosk.app.current == "apply")
    kiosk.type_keys(PHONE)
    secrets = ["王小明", PHONE]
    assert personal_texts_left(kiosk, secrets)
    agent.remove_card()
    took = kiosk.wait_until(lambda: kiosk.app.current == "welcome", timeout=2.0)
    assert took < 2.0
    print(f"card removed -> welcome screen in {took * 1000:.0f} ms")
    assert personal_texts_left(kiosk, secrets) == []
    assert kiosk.app.sm.screen_names == ["welcome"]
    assert "POST /v1/card/logout" in agent.calls


def test_card_removal_on_pin_screen_clears_typed_digits(kiosk: Any, agent: FakeAgent) -> None:
    agent.insert_card()
    kiosk.wait_until(lambda: kiosk.app.current == "pin")
    kiosk.type_keys("1234")
    agent.remove_card()
    kiosk.wait_until(lambda: kiosk.app.current == "welcome", timeout=2.0)
    assert not any("●" in t for t in kiosk.texts())


def test_result_of_work_finishing_after_a_reset_is_dropped(kiosk: Any, agent: FakeAgent) -> None:
    """GIVEN a slow application in flight WHEN the card is pulled THEN its result never reaches a screen."""
    import threading

    login_with_card(kiosk, agent)
    apply_for(kiosk, "HR-TRANSCRIPT")
    gate = threading.Event()
    real = agent.send

    def slow_printer(request: Any) -> Any:
        if request.path == "/v1/printer/case-receipts":
            gate.wait(5)
        return real(request)

    agent.send = slow_printer  # type: ignore[method-assign]
    kiosk.tap(kiosk.find("submit"))
    kiosk.wait_until(lambda: kiosk.app.current == "print_plan")
    kiosk.tap(kiosk.find("go"))
    kiosk.wait_until(lambda: kiosk.app.busy_view.parent is not None, timeout=2.0)  # progress after 0.5 s
    agent.remove_card()
    kiosk.wait_until(lambda: kiosk.app.current == "welcome", timeout=2.0)
    assert kiosk.app.busy_view.parent is None
    gate.set()
    kiosk.wait(0.5)
    assert kiosk.app.current == "welcome"
    case_no = next(iter(agent.cases))
    assert personal_texts_left(kiosk, [case_no, "王小明"]) == []


def test_idle_reset_on_kindergarten_registration_leaves_no_child_id(kiosk: Any, agent: FakeAgent) -> None:
    """GIVEN a parent half-way through a kindergarten registration (child's ID, birth date, kindergarten chosen)
    WHEN nobody touches for 90 s THEN welcome, no ID or date in the widget tree, no cached screen."""
    clock = FakeClock()
    kiosk.app.clock = clock
    kiosk.app.idle.touch(clock.now)
    kiosk.tap(kiosk.find("kindergarten"))
    kiosk.wait_until(lambda: kiosk.app.current == "kg_board" and kiosk.screen.loaded)
    kiosk.tap(kiosk.find("to_register"))
    type_child_and_phone(kiosk)
    kiosk.tap(kiosk.find("submit"))
    kiosk.tap(next(b for b in kiosk.find("choices").children if b.code == "KG002"))
    kiosk.wait_until(lambda: kiosk.screen.panel == "confirm")  # it shows the phone and the masked ID
    secrets = [NATIONAL_ID, "1100304", PHONE, "A123******"]
    assert personal_texts_left(kiosk, secrets)
    clock.now += 91
    kiosk.wait(0.4)
    kiosk.wait_until(lambda: kiosk.app.current == "welcome")
    assert personal_texts_left(kiosk, secrets) == []
    assert kiosk.app.sm.screen_names == ["welcome"] and agent.kg_registrations == {}
