"""Alarm rules: very dissatisfied alarms at once; the negative-share rule raises once and re-arms with hysteresis."""

from __future__ import annotations

import pytest

from hub.ratings.alarm_rules import RuleError, ShareDecision, ShareRule, alarms_at_once, evaluate_share
from wire.payloads.ratings import RatingButton as B

MIN = 60_000
RULE = ShareRule(window_ms=60 * MIN, min_count=5, raise_at=0.4, clear_at=0.2)
NOW = 10_000 * MIN


def seq(*buttons: B, step: int = MIN) -> list[tuple[int, B]]:
    """Ratings one minute apart, the last one at NOW."""
    return [(NOW - (len(buttons) - 1 - i) * step, b) for i, b in enumerate(buttons)]


@pytest.mark.parametrize(
    ("button", "alarm"),
    [(B.VERY_DISSATISFIED, True), (B.DISSATISFIED, False), (B.SATISFIED, False), (B.VERY_SATISFIED, False)],
)
def test_only_very_dissatisfied_alarms_at_once(button: B, alarm: bool) -> None:
    assert alarms_at_once(button) is alarm


S, VS, D, VD = B.SATISFIED, B.VERY_SATISFIED, B.DISSATISFIED, B.VERY_DISSATISFIED


@pytest.mark.parametrize(
    ("ratings", "active", "decision", "count", "negative"),
    [
        (seq(D, D, D, D), False, ShareDecision.NONE, 4, 4),  # below the minimum count: no alarm yet
        (seq(S, S, S, D, D), False, ShareDecision.RAISE, 5, 2),  # 40 % of 5 → raise
        (seq(S, S, S, S, D, D), False, ShareDecision.NONE, 6, 2),  # 33 %: under the threshold
        (seq(S, S, S, D, VD), False, ShareDecision.RAISE, 5, 2),  # very dissatisfied counts as negative
        (seq(S, S, S, D, D), True, ShareDecision.NONE, 5, 2),  # already active: not raised twice
        (seq(S, S, S, S, S, S, S, D, D, D), True, ShareDecision.NONE, 10, 3),  # 30 %: between, stays active
        (seq(S, S, S, S, S, S, S, S, D, D), True, ShareDecision.CLEAR, 10, 2),  # 20 %: clears
        (seq(VS, VS, VS, VS, VS), True, ShareDecision.CLEAR, 5, 0),
        ([], True, ShareDecision.CLEAR, 0, 0),  # the window went quiet
        # ratings older than the window do not count
        ([(NOW - 61 * MIN, D), (NOW - 61 * MIN, D), *seq(S, S, S, D)], False, ShareDecision.NONE, 4, 1),
        # a rating "from the future" (after now) does not count either
        ([*seq(S, S, S, D), (NOW + 1, D)], False, ShareDecision.NONE, 4, 1),
    ],
)
def test_share_rule_table(
    ratings: list[tuple[int, B]], active: bool, decision: ShareDecision, count: int, negative: int
) -> None:
    result = evaluate_share(ratings, NOW, active, RULE)
    assert (result.decision, result.count, result.negative) == (decision, count, negative)


def test_hysteresis_over_a_stream_raises_once_and_rearms_only_after_clearing() -> None:
    """GIVEN a stream of ratings WHEN the share rule runs after each THEN it raises once, clears once the
    share fell to 20 %, and raises again on a new run of negative ratings."""
    stream = [S, S, S, D, D, D, S, D, S, S, S, S, S, S, S, S, S, S, S, S, D, D, D, D, D, D]
    history: list[tuple[int, B]] = []
    active = False
    events = []
    for i, button in enumerate(stream):
        at = NOW + i * MIN
        history.append((at, button))
        result = evaluate_share(
            history, at, active, ShareRule(window_ms=10 * MIN, min_count=5, raise_at=0.4, clear_at=0.2)
        )
        if result.decision is ShareDecision.RAISE:
            active = True
            events.append(("raise", i))
        elif result.decision is ShareDecision.CLEAR:
            active = False
            events.append(("clear", i))
    assert [e[0] for e in events] == ["raise", "clear", "raise"]
    assert events[0][1] == 4  # the fifth rating: 2 of 5 negative


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"window_ms": 0}, "window must be positive"),
        ({"min_count": 0}, "minimum count"),
        ({"raise_at": 0}, "raise threshold"),
        ({"raise_at": 1.2}, "raise threshold"),
        ({"raise_at": 0.3, "clear_at": 0.3}, "clear threshold"),
        ({"clear_at": -0.1}, "clear threshold"),
    ],
)
def test_a_rule_that_cannot_work_is_refused(kwargs: dict[str, float], message: str) -> None:
    with pytest.raises(RuleError, match=message):
        ShareRule(**kwargs)  # type: ignore[arg-type]
