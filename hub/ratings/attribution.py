"""Which case a keypad press rates (pure): solicited by an open prompt at that counter, or kept as unsolicited."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

#: How long after the hub prompted a keypad a press still rates that case (seed 002 closed it after 30 s;
#: the keypad's own prompt timeout is 60 s; we allow for a slow citizen and clock skew).
PROMPT_WINDOW_MS = 3 * 60_000
#: A device clock may run this far behind the hub's before a press "precedes" its prompt.
CLOCK_SKEW_MS = 30_000


class Status(StrEnum):
    SOLICITED = "solicited"  # counted in the official figures
    UNSOLICITED = "unsolicited"  # kept for the record, excluded from the official figures


class Reason(StrEnum):
    PROMPTED = "prompted"  # carried the id of an open prompt of this counter
    MATCHED_BY_TIME = "matched_by_time"  # no prompt id, but this counter closed a case moments ago
    NO_RECENT_CASE = "no_recent_case"
    PROMPT_UNKNOWN = "prompt_unknown"
    PROMPT_OTHER_COUNTER = "prompt_other_counter"
    PROMPT_EXPIRED = "prompt_expired"
    ALREADY_RATED = "already_rated"


@dataclass(frozen=True, slots=True)
class PromptInfo:
    """A prompt the hub sent to a counter's keypad after a case there closed."""

    id: str
    site: str
    counter: str
    created_at: int
    rated: bool = False
    case_no: str | None = None


@dataclass(frozen=True, slots=True)
class Press:
    site: str
    counter: str
    pressed_at: int
    prompt: str | None


@dataclass(frozen=True, slots=True)
class Attribution:
    status: Status
    reason: Reason
    prompt: PromptInfo | None = None  # the prompt this press answers (solicited only)

    @property
    def official(self) -> bool:
        return self.status is Status.SOLICITED


def _within(prompt: PromptInfo, pressed_at: int, window_ms: int) -> bool:
    return prompt.created_at - CLOCK_SKEW_MS <= pressed_at <= prompt.created_at + window_ms


def attribute(
    press: Press,
    named: PromptInfo | None,
    recent: list[PromptInfo],
    window_ms: int = PROMPT_WINDOW_MS,
) -> Attribution:
    """Attribute ``press``.

    ``named`` is the prompt whose id the press carries (None if it carries none or the id is unknown);
    ``recent`` are this counter's prompts, newest first, used only when the press carries no id.
    Each prompt is rated at most once: a second rating of the same prompt is unsolicited.
    """
    if window_ms <= 0:
        raise ValueError(f"prompt window must be positive, not {window_ms} ms")
    if press.prompt is not None:
        if named is None or named.id != press.prompt:
            return Attribution(Status.UNSOLICITED, Reason.PROMPT_UNKNOWN)
        if (named.site, named.counter) != (press.site, press.counter):
            return Attribution(Status.UNSOLICITED, Reason.PROMPT_OTHER_COUNTER)
        if named.rated:
            return Attribution(Status.UNSOLICITED, Reason.ALREADY_RATED)
        if not _within(named, press.pressed_at, window_ms):
            return Attribution(Status.UNSOLICITED, Reason.PROMPT_EXPIRED)
        return Attribution(Status.SOLICITED, Reason.PROMPTED, named)
    mine = [p for p in recent if (p.site, p.counter) == (press.site, press.counter)]
    in_window = [p for p in mine if _within(p, press.pressed_at, window_ms)]
    if not in_window:
        return Attribution(Status.UNSOLICITED, Reason.NO_RECENT_CASE)
    newest = max(in_window, key=lambda p: p.created_at)
    if newest.rated:
        return Attribution(Status.UNSOLICITED, Reason.ALREADY_RATED)
    return Attribution(Status.SOLICITED, Reason.MATCHED_BY_TIME, newest)
