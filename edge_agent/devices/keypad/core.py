"""Rating keypad rules (pure): frames in, rating events and frames out; repeats dropped at the source."""

from __future__ import annotations

from dataclasses import dataclass, field

from wire.keypad import Frame, ProtocolError, Verb, encode
from wire.payloads.ratings import KeypadBuzzer, KeypadLed, KeypadPrompt, RatingButton, RatingPressed


@dataclass(frozen=True, slots=True)
class KeypadSettings:
    counter: str
    buttons: dict[int, RatingButton]
    repeat_guard_ms: int = 5_000


@dataclass
class KeypadCore:
    """State of one keypad: the last accepted press, the last key sequence number, the open prompt."""

    settings: KeypadSettings
    last_accepted_ms: int | None = None
    last_seq: int | None = None
    prompt_id: str | None = None
    prompt_until_ms: int = 0
    dropped: int = 0
    firmware: str = ""
    _next_cmd: int = field(default=1)

    def on_frame(self, frame: Frame, now_ms: int) -> RatingPressed | None:
        """A frame from the keypad; a rating event if it is an accepted press."""
        if frame.verb is Verb.HELLO:
            self.firmware = frame.args[0]
            self.last_seq = None  # the keypad restarted: its counter starts again
            return None
        if frame.verb is not Verb.KEY:
            return None
        key = frame.int_arg(0, 1, 4)
        seq = frame.int_arg(1, 0, 255)
        if seq == self.last_seq:
            self.dropped += 1  # the same press sent again
            return None
        self.last_seq = seq
        if (
            self.last_accepted_ms is not None
            and now_ms - self.last_accepted_ms < self.settings.repeat_guard_ms
        ):
            self.dropped += 1  # a repeat press within the guard: no ballot stuffing
            return None
        button = self.settings.buttons.get(key)
        if button is None:
            raise ProtocolError(f"key {key} has no rating in this keypad's configuration")
        self.last_accepted_ms = now_ms
        prompt = self.prompt_id if self.prompt_id and now_ms <= self.prompt_until_ms else None
        self.prompt_id = None  # one rating per prompt
        return RatingPressed(counter=self.settings.counter, button=button, pressed_at=now_ms, prompt=prompt)

    def command_number(self) -> int:
        number = self._next_cmd
        self._next_cmd = number % 9999 + 1
        return number

    def frame_for(self, command: KeypadPrompt | KeypadLed | KeypadBuzzer, number: int, now_ms: int) -> bytes:
        """The frame that carries a hub command; a prompt also opens the rating window."""
        if command.counter != self.settings.counter:
            raise ValueError(
                f"command is for counter {command.counter}, this keypad serves {self.settings.counter}"
            )
        if isinstance(command, KeypadPrompt):
            self.prompt_id = command.prompt
            self.prompt_until_ms = now_ms + command.timeout_s * 1000
            return encode(Verb.PROMPT, number, command.voice, command.timeout_s)
        if isinstance(command, KeypadLed):
            return encode(Verb.LED, number, command.color.value, command.mode.value, command.seconds)
        return encode(Verb.BUZZ, number, command.pattern.value, command.seconds)
