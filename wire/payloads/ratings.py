"""Counter rating keypad: button presses (events) and the hub's prompt / LED / buzzer commands."""

from enum import StrEnum
from typing import Annotated

from pydantic import Field, StringConstraints

from wire.enums import Channel
from wire.registry import Payload, payload

CounterId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,31}$")]
PromptId = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{8,32}$")]
EpochMs = Annotated[int, Field(ge=0, lt=2**53)]


class RatingButton(StrEnum):
    """HappyOrNot's four faces; there is deliberately no neutral button."""

    VERY_SATISFIED = "very_satisfied"
    SATISFIED = "satisfied"
    DISSATISFIED = "dissatisfied"
    VERY_DISSATISFIED = "very_dissatisfied"


class LedColor(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"


class LedMode(StrEnum):
    OFF = "off"
    ON = "on"
    BLINK = "blink"


class BuzzerPattern(StrEnum):
    OFF = "off"
    BEEP = "beep"  # one short beep (acknowledge a press)
    ALARM = "alarm"  # repeated until ``seconds`` run out or ``off`` is sent


@payload(Channel.EVENT, "rating.pressed")
class RatingPressed(Payload):
    """One accepted press at a counter's keypad (repeats within 5 s were already dropped at the source).

    Tied to the counter, never to a staff member's name. ``prompt`` is the id of the ``keypad.prompt``
    that asked for this rating (None when the citizen pressed without a prompt), so the hub can count
    only ratings of citizens who really did business at the counter.
    """

    counter: CounterId
    button: RatingButton
    pressed_at: EpochMs
    prompt: PromptId | None = None


@payload(Channel.COMMAND, "keypad.prompt")
class KeypadPrompt(Payload):
    """Ask the citizen at ``counter`` to rate the service: the keypad plays its voice prompt and waits."""

    counter: CounterId
    prompt: PromptId
    voice: Annotated[int, Field(ge=0, le=99)] = 1  # voice clip number stored on the keypad
    timeout_s: Annotated[int, Field(ge=5, le=600)] = 60


@payload(Channel.COMMAND, "keypad.led")
class KeypadLed(Payload):
    """Set the keypad's LED (e.g. red blinking at a supervisor's keypad on a very-dissatisfied alarm)."""

    counter: CounterId
    color: LedColor
    mode: LedMode
    seconds: Annotated[int, Field(ge=0, le=3600)] = 0  # 0 = until the next LED command


@payload(Channel.COMMAND, "keypad.buzzer")
class KeypadBuzzer(Payload):
    """Sound the keypad's buzzer."""

    counter: CounterId
    pattern: BuzzerPattern
    seconds: Annotated[int, Field(ge=0, le=600)] = 1
