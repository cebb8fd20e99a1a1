"""What a citizen action leads to: the next screen and a catalogue message (pure, shared by the presenters)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from kiosk.agent_client import AgentError, AgentUnavailable, DeviceProblem, HubUnavailable, WrongPin


class Screen(StrEnum):
    WELCOME = "welcome"
    IDENTIFY = "identify"
    PIN = "pin"
    CATALOGUE = "catalogue"
    APPLY = "apply"
    CONFIRM = "confirm"
    DONE = "done"
    PROGRESS = "progress"
    RETURNS = "returns"
    PRINT_CHECK = "print_check"
    TECH_LOGIN = "tech_login"
    TECHNICIAN = "technician"
    KG_BOARD = "kg_board"
    KG_RESULT = "kg_result"
    KG_REGISTER = "kg_register"
    SERVICES = "services"  # more services, seed 004 (issue 17)
    FINES = "fines"
    FINES_LIST = "fines_list"
    FAQ = "faq"
    JOBS = "jobs"
    SLIP = "slip"  # a payment slip by case number + the password chosen online (seed 004:665)
    TAKE_CARD = "take_card"
    FORMS = "forms"  # the forms library: categories, a category's forms, print (issue 15)
    FORMS_LIST = "forms_list"
    FORMS_PRINT = "forms_print"
    PRINT_PLAN = "print_plan"  # what will print and what it costs, before anything prints (defect 4)


# Where each screen stands in its flow (issue 18, defect 5): step number and the step's name key; the
# application flow has five steps whichever way the citizen identified.
APPLICATION_STEPS = ("step.identify", "step.choose", "step.fill", "step.confirm", "step.done")
STEP_OF = {
    "identify": 1, "pin": 1, "catalogue": 2, "apply": 3, "confirm": 4, "done": 5,
}  # fmt: skip


#: the forms library's three steps (issue 15): category, form, print
FORMS_STEPS = ("step.forms_category", "step.forms_form", "step.forms_print")
FORMS_STEP_OF = {"forms": 1, "forms_list": 2, "forms_print": 3}


def step_of(screen: str) -> tuple[int, int, str] | None:
    """(step, of how many, the step's name key) of a screen in the application or forms flow, else None."""
    for steps, numbers in ((APPLICATION_STEPS, STEP_OF), (FORMS_STEPS, FORMS_STEP_OF)):
        number = numbers.get(str(screen))
        if number is not None:
            return number, len(steps), steps[number - 1]
    return None


@dataclass(frozen=True, slots=True)
class Msg:
    """A catalogue message key and its parameters; the screen translates it."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Step:
    """What a citizen action led to: the next screen (None = stay) and an error to show."""

    screen: Screen | None = None
    error: Msg | None = None


KNOWN_CODES = {"card_blocked", "pin_blocked", "no_card", "card_removed", "login_refused", "invalid_pin",
                "case_not_found", "rate_limited", "unknown_service", "reader_unavailable", "not_logged_in"}  # fmt: skip
DEVICE_CODES = {"paper_out", "cover_open", "jammed", "no_paper", "offline", "unavailable", "scanner_busy",
                "printer_unavailable"}  # fmt: skip


def error_message(exc: AgentError) -> Msg:
    """The message that tells the citizen what happened and what to do next."""
    if isinstance(exc, WrongPin):
        return Msg("error.wrong_pin", {"tries": exc.tries_left})
    if isinstance(exc, AgentUnavailable):
        return Msg("error.agent_unavailable")
    if isinstance(exc, HubUnavailable):
        return Msg("error.hub_unavailable")
    if isinstance(exc, DeviceProblem) and exc.code in DEVICE_CODES:
        return Msg(f"error.device.{exc.code}")
    if exc.code in KNOWN_CODES:
        return Msg(f"error.{exc.code}")
    if exc.message:
        return Msg("error.agent_says", {"text": exc.message})
    return Msg("error.general")
