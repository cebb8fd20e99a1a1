"""Keypad rules: presses to rating events, the 5 s repeat guard, duplicate lines, prompts, commands."""

from __future__ import annotations

import pytest

from edge_agent.devices.keypad.core import KeypadCore, KeypadSettings
from wire.keypad import Frame, ProtocolError, Verb, decode
from wire.payloads.ratings import KeypadBuzzer, KeypadLed, KeypadPrompt, RatingButton

BUTTONS = dict(enumerate(RatingButton, start=1))


def core() -> KeypadCore:
    return KeypadCore(KeypadSettings(counter="c01", buttons=BUTTONS, repeat_guard_ms=5_000))


def key(n: int, seq: int) -> Frame:
    return Frame(Verb.KEY, (str(n), str(seq)))


def test_press_becomes_a_rating_of_the_counter() -> None:
    event = core().on_frame(key(4, 1), now_ms=1_000)
    assert event is not None
    assert (event.counter, event.button, event.pressed_at, event.prompt) == (
        "c01", RatingButton.VERY_DISSATISFIED, 1_000, None,
    )  # fmt: skip
    assert "staff" not in event.model_dump()


def test_repeat_presses_within_5s_are_dropped() -> None:
    """GIVEN an accepted press WHEN other keys are pressed 1 s and 4.9 s later THEN both are dropped,
    and a press 5 s after the accepted one counts."""
    c = core()
    assert c.on_frame(key(1, 1), 10_000) is not None
    assert c.on_frame(key(2, 2), 11_000) is None
    assert c.on_frame(key(3, 3), 14_999) is None
    assert c.on_frame(key(2, 4), 15_000) is not None
    assert c.dropped == 2


def test_a_retransmitted_line_counts_once() -> None:
    c = core()
    assert c.on_frame(key(1, 7), 0) is not None
    assert c.on_frame(key(1, 7), 60_000) is None  # same seq: the same press again


def test_hello_resets_the_sequence() -> None:
    c = core()
    c.on_frame(key(1, 7), 0)
    c.on_frame(Frame(Verb.HELLO, ("fw1",)), 10_000)
    assert c.on_frame(key(1, 7), 20_000) is not None and c.firmware == "fw1"


def test_prompt_id_rides_on_the_next_press_only() -> None:
    c = core()
    frame = c.frame_for(KeypadPrompt(counter="c01", prompt="ab12cd34", voice=2, timeout_s=30), 5, now_ms=0)
    assert decode(frame) == Frame(Verb.PROMPT, ("5", "2", "30"))
    first = c.on_frame(key(2, 1), 1_000)
    second = c.on_frame(key(2, 2), 9_000)
    assert first is not None and first.prompt == "ab12cd34"
    assert second is not None and second.prompt is None


def test_expired_prompt_is_not_attached() -> None:
    c = core()
    c.frame_for(KeypadPrompt(counter="c01", prompt="ab12cd34", timeout_s=10), 1, now_ms=0)
    event = c.on_frame(key(1, 1), 11_000)
    assert event is not None and event.prompt is None


def test_led_and_buzzer_frames_and_wrong_counter() -> None:
    c = core()
    assert decode(c.frame_for(KeypadLed(counter="c01", color="red", mode="blink", seconds=30), 2, 0)).args == (
        "2", "red", "blink", "30",
    )  # fmt: skip
    assert decode(c.frame_for(KeypadBuzzer(counter="c01", pattern="alarm", seconds=3), 3, 0)).args == (
        "3", "alarm", "3",
    )  # fmt: skip
    with pytest.raises(ValueError, match="serves c01"):
        c.frame_for(KeypadBuzzer(counter="c02", pattern="beep"), 4, 0)


def test_key_out_of_range_is_a_protocol_error() -> None:
    with pytest.raises(ProtocolError):
        core().on_frame(key(5, 1), 0)
