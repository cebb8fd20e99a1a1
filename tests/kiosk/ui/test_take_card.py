"""Take your card (issue 18, defect 1): every ending of a card session with the card still in the slot
asks for it back, shown and spoken, and no PIN prompt appears until it is taken out and inserted anew."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from onestop.dev.fake_agent import FakeAgent
from tests.kiosk.ui.helpers import PIN, cancel, login_with_card, submit_application


class FakeClock:
    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def record_screens(kiosk: Any) -> list[str]:
    """Every screen the app shows from now on, in order."""
    shown: list[str] = []
    kiosk.app.bind(current=lambda _app, name: shown.append(name))
    return shown


def touch_everywhere(kiosk: Any) -> None:
    """A next citizen touching the screen: the middle, the four quarters, where the PIN pad would be."""
    width, height = kiosk.app.root_window.size
    for fx, fy in ((0.5, 0.5), (0.25, 0.25), (0.75, 0.25), (0.25, 0.75), (0.75, 0.6), (0.9, 0.1)):
        kiosk.tap_at(width * fx, height * fy)


def test_card_left_in_after_finishing_is_asked_back_and_never_shows_a_pin_prompt(
    kiosk: Any, agent: FakeAgent
) -> None:
    """GIVEN a citizen who inserted the card, typed the PIN and filed an application WHEN they touch
    "finish" and leave the card in THEN the kiosk says 「請取回卡片及單據」 (shown and spoken), touches by the
    next person never bring up a PIN prompt, and only removing and inserting the card starts a new
    session at the PIN pad."""
    login_with_card(kiosk, agent)
    submit_application(kiosk, "HR-TRANSCRIPT")
    shown = record_screens(kiosk)
    kiosk.tap(kiosk.find("finish"))
    kiosk.wait_until(lambda: kiosk.app.current == "take_card")
    assert "請取回卡片及單據" in kiosk.screen_text()
    assert kiosk.app.speaker.spoken[-1] == "speech.take_card_papers"
    assert kiosk.app.flow.identity is None  # the session is over: nothing of it is left
    touch_everywhere(kiosk)
    kiosk.wait(4 * kiosk.app.settings.card_poll)  # the card watcher has looked several times
    touch_everywhere(kiosk)
    assert kiosk.app.current == "take_card" and "pin" not in shown
    agent.remove_card()
    kiosk.wait_until(lambda: kiosk.app.current == "welcome")
    assert "pin" not in shown
    agent.insert_card()
    kiosk.wait_until(lambda: kiosk.app.current == "pin")
    kiosk.type_keys(PIN)
    kiosk.tap(kiosk.find("submit"))
    kiosk.wait_until(lambda: kiosk.app.current == "catalogue")  # a new session for the new insertion


def _home(kiosk: Any, agent: FakeAgent) -> None:
    cancel(kiosk)


def _idle(kiosk: Any, agent: FakeAgent) -> None:
    clock = FakeClock()
    kiosk.app.clock = clock
    kiosk.app.idle.touch(clock.now)
    clock.now += 91  # warning, then nobody answers


def _blocked(kiosk: Any, agent: FakeAgent) -> None:
    agent.card = "blocked"  # the card locks itself (too many wrong PINs elsewhere): the agent refuses
    kiosk.type_keys(PIN)
    kiosk.tap(kiosk.find("submit"))


@pytest.mark.parametrize(
    ("ending", "at_pin", "spoken"),
    [
        (_home, False, "speech.take_card"),
        (_idle, False, "speech.take_card"),
        (_idle, True, "speech.take_card"),
        (_blocked, True, "speech.take_card"),
    ],
    ids=["cancel", "timeout", "timeout-at-pin", "error"],
)
def test_every_ending_asks_for_the_card_back(
    kiosk: Any, agent: FakeAgent, ending: Callable[[Any, FakeAgent], None], at_pin: bool, spoken: str
) -> None:
    """GIVEN a card session (logged in, or still at the PIN pad) WHEN it ends by cancel, timeout or an
    error THEN the take-card screen is shown and spoken, an error is said on it, and no PIN prompt
    follows while the card stays in."""
    if at_pin:
        agent.insert_card()
        kiosk.wait_until(lambda: kiosk.app.current == "pin")
    else:
        login_with_card(kiosk, agent)
    shown = record_screens(kiosk)
    ending(kiosk, agent)
    kiosk.wait_until(lambda: kiosk.app.current == "take_card")
    assert "請取回卡片" in kiosk.screen_text() and spoken in kiosk.app.speaker.spoken[-2:]  # then its error
    if ending is _blocked:
        assert kiosk.screen.error is not None and kiosk.screen.error.key == "error.pin_blocked"
    kiosk.app.clock = FakeClock(10_000.0)  # much later: the take-card screen has no idle timeout loop
    touch_everywhere(kiosk)
    kiosk.wait(3 * kiosk.app.settings.card_poll)
    assert kiosk.app.current == "take_card" and "pin" not in shown
    agent.remove_card()
    kiosk.wait_until(lambda: kiosk.app.current == "welcome")


def test_a_light_id_session_that_printed_reminds_of_the_papers(kiosk: Any, agent: FakeAgent) -> None:
    """GIVEN a citizen identified by ID number (no card) who filed and got a receipt WHEN they finish
    THEN the welcome screen reminds them to take their papers, spoken too."""
    from tests.kiosk.ui.helpers import NATIONAL_ID

    kiosk.tap(kiosk.find("light_id"))
    kiosk.type_keys(NATIONAL_ID + "0540312")
    kiosk.tap(kiosk.find("submit"))
    kiosk.wait_until(lambda: kiosk.app.current == "catalogue")
    submit_application(kiosk, "JOB-SEEKER")
    kiosk.tap(kiosk.find("finish"))
    kiosk.wait_until(lambda: kiosk.app.current == "welcome")
    assert "請記得取走出紙口的單據" in kiosk.screen_text()
    assert kiosk.app.speaker.spoken[-1] == "speech.take_papers"  # said last, after the welcome
