"""Rating keypad over a real serial line (socat pty) to the keypad emulator: presses, repeat guard,
hub commands, unplug and replug."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from edge_agent.devices.errors import DeviceError
from edge_agent.devices.keypad.core import KeypadSettings
from edge_agent.devices.keypad.service import RatingKeypad
from onestop.dev.keypad_emulator import KeypadEmulator
from onestop.dev.ptys import PtyPair
from onestop.dev.waiting import wait_until
from wire import ComponentState, Payload
from wire.keypad import Verb
from wire.payloads.ratings import KeypadBuzzer, KeypadLed, KeypadPrompt, RatingButton, RatingPressed


class Clock:
    """Milliseconds the test moves by hand, so the 5 s guard is tested without sleeping."""

    def __init__(self) -> None:
        self.ms = 1_700_000_000_000

    def __call__(self) -> int:
        return self.ms


@pytest.fixture
def rig(pty_pair: PtyPair) -> Iterator[tuple[RatingKeypad, KeypadEmulator, list[Payload], Clock]]:
    emulator = KeypadEmulator(pty_pair.device).start()
    events: list[Payload] = []
    clock = Clock()
    settings = KeypadSettings(counter="c07", buttons=dict(enumerate(RatingButton, start=1)))
    keypad = RatingKeypad(
        str(pty_pair.host), settings, heartbeat=0.2, emit=events.append, backoff=(0.05, 0.2), clock=clock
    )
    keypad.start()
    wait_until(lambda: keypad.device_health.state is ComponentState.OK, what="keypad ok")
    try:
        yield keypad, emulator, events, clock
    finally:
        keypad.stop()
        emulator.stop()


def ratings(events: list[Payload]) -> list[RatingPressed]:
    return [e for e in events if isinstance(e, RatingPressed)]


def test_presses_become_rating_events_and_repeats_are_dropped(
    rig: tuple[RatingKeypad, KeypadEmulator, list[Payload], Clock],
) -> None:
    keypad, emulator, events, clock = rig
    emulator.press(2)
    wait_until(lambda: len(ratings(events)) == 1, what="first rating")
    clock.ms += 2_000
    emulator.press(4)  # 2 s later: a repeat, dropped at the source
    emulator.resend_last()  # and the same line again
    wait_until(lambda: keypad.core.dropped == 2, what="repeats dropped")
    clock.ms += 3_000
    emulator.press(4)  # 5 s after the accepted press: counts
    wait_until(lambda: len(ratings(events)) == 2, what="second rating")
    got = ratings(events)
    assert [(r.counter, r.button) for r in got] == [
        ("c07", RatingButton.SATISFIED), ("c07", RatingButton.VERY_DISSATISFIED),
    ]  # fmt: skip
    assert got[1].pressed_at - got[0].pressed_at == 5_000


def test_hub_commands_reach_the_keypad(
    rig: tuple[RatingKeypad, KeypadEmulator, list[Payload], Clock],
) -> None:
    keypad, emulator, events, _ = rig
    keypad.handle_command(KeypadPrompt(counter="c07", prompt="0123abcd", voice=3, timeout_s=30))
    keypad.handle_command(KeypadLed(counter="c07", color="red", mode="blink", seconds=10))
    keypad.handle_command(KeypadBuzzer(counter="c07", pattern="alarm", seconds=2))
    assert [(f.verb, f.args[1:]) for f in emulator.commands] == [
        (Verb.PROMPT, ("3", "30")), (Verb.LED, ("red", "blink", "10")), (Verb.BUZZ, ("alarm", "2")),
    ]  # fmt: skip
    assert emulator.led == ("red", "blink")
    emulator.press(1)
    wait_until(lambda: len(ratings(events)) == 1, what="prompted rating")
    assert ratings(events)[0].prompt == "0123abcd"
    emulator.refuse = True
    with pytest.raises(DeviceError, match="refused"):
        keypad.handle_command(KeypadBuzzer(counter="c07", pattern="beep"))


def test_unplugged_keypad_is_reported_and_recovers_when_replugged(
    rig: tuple[RatingKeypad, KeypadEmulator, list[Payload], Clock], pty_pair: PtyPair
) -> None:
    keypad, emulator, events, _ = rig
    emulator.stop()
    pty_pair.stop()
    wait_until(lambda: keypad.device_health.code == "unavailable", what="unplug reported")
    assert keypad.health().state is ComponentState.ERROR
    with pytest.raises(DeviceError):
        keypad.handle_command(KeypadBuzzer(counter="c07", pattern="beep"))
    pty_pair.start()
    replugged = KeypadEmulator(pty_pair.device).start()
    try:
        wait_until(lambda: keypad.device_health.state is ComponentState.OK, what="replug recovered")
        replugged.press(3)
        wait_until(lambda: len(ratings(events)) == 1, what="rating after replug")
        assert ratings(events)[0].button is RatingButton.DISSATISFIED
    finally:
        replugged.stop()


def test_a_hung_keypad_is_reported(rig: tuple[RatingKeypad, KeypadEmulator, list[Payload], Clock]) -> None:
    keypad, emulator, _, _ = rig
    emulator.silent = True
    wait_until(lambda: keypad.device_health.code == "unavailable", what="missed heartbeats reported")
    emulator.silent = False
    wait_until(lambda: keypad.device_health.state is ComponentState.OK, what="heartbeat back")


def test_a_second_keypad_on_the_same_port_is_refused_and_the_first_reads_every_press(
    rig: tuple[RatingKeypad, KeypadEmulator, list[Payload], Clock], pty_pair: PtyPair
) -> None:
    """Two readers on one line would each get part of every frame (issue 12): the second is refused, named."""
    keypad, emulator, events, clock = rig
    settings = KeypadSettings(counter="c08", buttons=dict(enumerate(RatingButton, start=1)))
    second = RatingKeypad(str(pty_pair.host), settings, heartbeat=0.2, backoff=(0.05, 0.2))
    second.start()
    try:
        assert "is in use by this program" in second.wait_started(5)
        health = second.health()
        assert (health.state, health.code) == (ComponentState.ERROR, "port_busy")
        assert "is in use by this program" in health.reason  # not "check its cable": the cable is fine
        for n in range(20):  # one at a time: the guard runs on the clock when the press is read
            clock.ms += 6_000
            emulator.press(1 + n % 4)
            wait_until(
                lambda n=n: len(ratings(events)) == n + 1, what=f"press {n + 1} read by the first keypad"
            )
        assert keypad.bad_frames == 0 and keypad.device_health.state is ComponentState.OK
    finally:
        second.stop()
