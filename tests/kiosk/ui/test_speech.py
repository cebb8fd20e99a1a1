"""Speech by touch (issue 18, defect 6): every screen speaks its instruction, errors are spoken, "repeat"
says it again, the volume button changes what the engine is given. Speech is on by default."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from kiosk.settings import KioskSettings
from kiosk.speech import AMPLITUDE, INSTRUCTIONS
from onestop.dev.fake_agent import FakeAgent
from onestop.screenshots.kiosk import registered_screens
from tests.kiosk.test_speech import Recorder

VARIANTS = {
    "take_card": {"speech.take_card", "speech.take_card_papers"},
    "done": {"speech.done", "speech.done_queued"},
}


@pytest.fixture
def engine(kiosk: Any) -> Iterator[Recorder]:
    """The app's speaker with its process start recorded (the command line is what the engine would get)."""
    speaker = kiosk.app.speaker
    saved = (speaker._spawn, speaker.binary, speaker.enabled, speaker.volume, kiosk.app.volume)
    rec = Recorder()
    speaker._spawn, speaker.binary, speaker.enabled = rec, "espeak-ng", True
    yield rec
    speaker._spawn, speaker.binary, speaker.enabled, speaker.volume, kiosk.app.volume = saved


def test_speech_is_on_by_default(kiosk: Any) -> None:
    assert KioskSettings().speech and kiosk.app.speaker.enabled


@pytest.mark.parametrize("name", registered_screens())
def test_every_screen_speaks_its_instruction(kiosk: Any, engine: Recorder, name: str) -> None:
    """GIVEN any screen WHEN it is shown THEN its instruction is what the engine is asked to say."""
    kiosk.app.goto(name)
    said = kiosk.app.speaker.spoken[-1]
    assert said in VARIANTS.get(name, {INSTRUCTIONS[name]})
    assert engine.argv and engine.argv[-1][-1]  # the engine got the words


def test_an_error_is_spoken_and_repeat_says_it_again(kiosk: Any, agent: FakeAgent, engine: Recorder) -> None:
    """GIVEN the identify screen WHEN an ID with a wrong check digit is submitted by touch THEN the error is
    spoken; "repeat" says the instruction and the error again; in English after the language switch."""
    kiosk.tap(kiosk.find("light_id"))
    kiosk.wait_until(lambda: kiosk.app.current == "identify")
    assert kiosk.app.speaker.spoken[-1] == "speech.identify"
    kiosk.type_keys("A123456788" + "0540312")
    kiosk.tap(kiosk.find("submit"))
    kiosk.wait_until(lambda: kiosk.screen.error is not None)
    error = kiosk.screen.error.key
    assert error.startswith("error.") and kiosk.app.speaker.spoken[-1] == error
    spoken = len(engine.argv)
    kiosk.tap(kiosk.find("repeat"))
    assert kiosk.app.speaker.spoken[-2:] == ["speech.identify", error]
    assert len(engine.argv) == spoken + 1
    kiosk.tap(kiosk.find("lang"))
    assert engine.argv[-1][2] == "en" and kiosk.app.speaker.spoken[-2:] == ["speech.identify", error]


def test_the_volume_button_changes_the_amplitude_and_can_switch_speech_off(
    kiosk: Any, engine: Recorder
) -> None:
    """GIVEN the welcome screen at the default level (medium) WHEN the volume button is touched THEN the
    engine is called louder, its label says so; round to "off": nothing is started, "repeat" stays silent."""
    volume = kiosk.find("volume")
    assert "中" in volume.text
    kiosk.tap(volume)
    assert engine.argv[-1][engine.argv[-1].index("-a") + 1] == str(AMPLITUDE[3])
    assert "大" in volume.text
    kiosk.tap(volume)
    assert "關" in volume.text
    started = len(engine.argv)
    kiosk.tap(kiosk.find("repeat"))
    assert len(engine.argv) == started
    kiosk.tap(volume)
    assert engine.argv[-1][engine.argv[-1].index("-a") + 1] == str(AMPLITUDE[1])
    assert kiosk.app.speaker.spoken[-2:] == ["speech.volume", "speech.welcome"]


def test_a_screens_own_error_is_spoken_too(kiosk: Any, engine: Recorder) -> None:
    """GIVEN the fines look-up WHEN a business number with a wrong check digit is submitted by touch THEN
    its error (a fines.* text, not error.*) is shown and spoken, and the screen carries on."""
    kiosk.app.goto("fines")
    kiosk.tap(kiosk.find("choose_business_no"))
    kiosk.type_keys("22099132")
    kiosk.tap(kiosk.find("submit"))
    kiosk.wait_until(lambda: kiosk.screen.error is not None)
    assert kiosk.app.speaker.spoken[-1] == kiosk.screen.error.key and engine.argv[-1][-1]
    assert kiosk.app.current == "fines"
