"""Attribution of a press to a prompt: only citizens who really did business at that counter are counted."""

from __future__ import annotations

import pytest

from hub.ratings.attribution import (
    CLOCK_SKEW_MS,
    PROMPT_WINDOW_MS,
    Press,
    PromptInfo,
    Reason,
    Status,
    attribute,
)

T0 = 1_763_700_000_000
P = PromptInfo("a1b2c3d4e5f60718", "tpe-xinyi", "c01", T0, case_no="A1")
OTHER = PromptInfo("0000111122223333", "tpe-xinyi", "c02", T0)
RATED = PromptInfo("a1b2c3d4e5f60718", "tpe-xinyi", "c01", T0, rated=True)


def press(
    at: int = T0 + 10_000, prompt: str | None = P.id, counter: str = "c01", site: str = "tpe-xinyi"
) -> Press:
    return Press(site, counter, at, prompt)


@pytest.mark.parametrize(
    ("the_press", "named", "recent", "status", "reason"),
    [
        # carried the id of this counter's open prompt, in time → solicited
        (press(), P, [], Status.SOLICITED, Reason.PROMPTED),
        (press(at=T0 + PROMPT_WINDOW_MS), P, [], Status.SOLICITED, Reason.PROMPTED),
        (press(at=T0 - CLOCK_SKEW_MS), P, [], Status.SOLICITED, Reason.PROMPTED),  # device clock a bit behind
        # the same prompt rated a second time → unsolicited
        (press(), RATED, [], Status.UNSOLICITED, Reason.ALREADY_RATED),
        # too late, or "before" the prompt by more than the skew allowance
        (press(at=T0 + PROMPT_WINDOW_MS + 1), P, [], Status.UNSOLICITED, Reason.PROMPT_EXPIRED),
        (press(at=T0 - CLOCK_SKEW_MS - 1), P, [], Status.UNSOLICITED, Reason.PROMPT_EXPIRED),
        # an id the hub never issued, or another counter's prompt
        (press(prompt="ffffffffffffffff"), None, [], Status.UNSOLICITED, Reason.PROMPT_UNKNOWN),
        (press(prompt=OTHER.id), OTHER, [], Status.UNSOLICITED, Reason.PROMPT_OTHER_COUNTER),
        (press(site="tpe-daan"), P, [], Status.UNSOLICITED, Reason.PROMPT_OTHER_COUNTER),
        # no id: a case closed at this counter moments ago and not rated yet → solicited by time
        (press(prompt=None), None, [P], Status.SOLICITED, Reason.MATCHED_BY_TIME),
        (press(prompt=None), None, [RATED], Status.UNSOLICITED, Reason.ALREADY_RATED),
        # no id and no case at this counter in the last few minutes → unsolicited
        (press(prompt=None), None, [], Status.UNSOLICITED, Reason.NO_RECENT_CASE),
        (press(prompt=None), None, [OTHER], Status.UNSOLICITED, Reason.NO_RECENT_CASE),
        (
            press(prompt=None, at=T0 + PROMPT_WINDOW_MS + 1),
            None,
            [P],
            Status.UNSOLICITED,
            Reason.NO_RECENT_CASE,
        ),
    ],
)
def test_attribution_table(
    the_press: Press, named: PromptInfo | None, recent: list[PromptInfo], status: Status, reason: Reason
) -> None:
    result = attribute(the_press, named, recent)
    assert (result.status, result.reason) == (status, reason)
    assert result.official is (status is Status.SOLICITED)
    assert (result.prompt is not None) is (status is Status.SOLICITED)


def test_time_match_takes_the_newest_prompt_of_the_counter() -> None:
    """GIVEN two cases closed at c01 and the newer one already rated WHEN a press without id comes
    THEN it is a second rating of the newest prompt, not a late rating of the older one."""
    older = PromptInfo("1111111111111111", "tpe-xinyi", "c01", T0 - 60_000)
    newer = PromptInfo("2222222222222222", "tpe-xinyi", "c01", T0, rated=True)
    assert attribute(press(prompt=None), None, [newer, older]).reason is Reason.ALREADY_RATED
    fresh = PromptInfo("2222222222222222", "tpe-xinyi", "c01", T0)
    result = attribute(press(prompt=None), None, [older, fresh])
    assert result.prompt == fresh


def test_solicited_press_names_its_case() -> None:
    result = attribute(press(), P, [])
    assert result.prompt is not None and result.prompt.case_no == "A1"


def test_a_window_that_cannot_work_is_refused() -> None:
    with pytest.raises(ValueError, match="window must be positive"):
        attribute(press(), P, [], window_ms=0)
