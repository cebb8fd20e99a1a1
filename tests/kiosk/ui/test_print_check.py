"""The "did your slip come out?" question, answered by touch; on timeout the job is left for the technician."""

from __future__ import annotations

from typing import Any

import pytest

from kiosk import agent_api as api
from kiosk.linebreak import NO_LINE_START
from kiosk.theme import MIN_TARGET_PX
from onestop.dev.fake_agent import UNCERTAIN_CITIZEN, FakeAgent
from tests.kiosk.ui.helpers import apply_for, login_with_card, print_from_plan
from tests.kiosk.ui.test_layout import rendered_lines, visible_buttons
from tests.kiosk.ui.test_privacy import FakeClock


def test_uncertain_receipt_found_on_the_done_screen_is_answered_by_touch(
    kiosk: Any, agent: FakeAgent
) -> None:
    """GIVEN the receipt is waiting for paper on the done screen WHEN the agent, restarted, reports it uncertain
    THEN the kiosk asks (zh-TW agent text, English catalogue text); "Print again" prints one more copy and
    the done screen with the case number comes back."""
    login_with_card(kiosk, agent)
    agent.printer_problem = "paper_out"
    apply_for(kiosk, "HR-TRANSCRIPT")
    kiosk.tap(kiosk.find("submit"))
    print_from_plan(kiosk)
    case_no = kiosk.find("case_no").text
    (job,) = kiosk.app.flow.print_jobs
    agent.printer_problem = None
    agent.printed.append(agent.jobs[job])  # paper came out, then the agent died at the cut
    agent.interrupt_cut(job)
    kiosk.wait_until(lambda: kiosk.app.current == "print_check", timeout=5.0)
    assert UNCERTAIN_CITIZEN in kiosk.find("body").text
    kiosk.tap(kiosk.find("lang"))
    assert "Did your slip come out?" in kiosk.screen_text() and "receipt" in kiosk.find("body").text
    assert kiosk.find("print_again").text == "Print again"
    kiosk.tap(kiosk.find("print_again"))
    kiosk.wait_until(lambda: kiosk.app.current == "done")
    assert agent.answers == [(job, "reprint")] and [b["job"] for _, b in agent.printed] == [job, job]
    assert kiosk.find("case_no").text == case_no
    kiosk.wait(1.5)  # further polls find nothing more to ask
    assert kiosk.app.current == "done" and kiosk.app.flow.print_jobs == []


def test_idle_timeout_on_the_question_resets_and_leaves_the_job_uncertain(
    kiosk: Any, agent: FakeAgent
) -> None:
    """GIVEN the question is showing WHEN nobody answers for 90 s
    THEN the kiosk resets (nothing of the citizen's left) and the job stays uncertain for the technician."""
    login_with_card(kiosk, agent)
    agent.cut_interruptions = 1
    apply_for(kiosk, "HR-TRANSCRIPT")
    kiosk.tap(kiosk.find("submit"))
    kiosk.wait_until(lambda: kiosk.app.current == "print_plan")
    kiosk.tap(kiosk.find("go"))
    kiosk.wait_until(lambda: kiosk.app.current == "print_check")
    assert kiosk.find("have_it").height >= 100 and kiosk.find("have_it").width >= 300  # big targets
    clock = FakeClock()
    kiosk.app.clock = clock
    kiosk.app.idle.touch(clock.now)
    clock.now += 61
    kiosk.wait_until(lambda: kiosk.app.idle_view.parent is not None)
    clock.now += 30
    kiosk.wait_until(lambda: kiosk.app.current == "take_card")  # the card is still in: asked back
    (job,) = agent.job_states
    assert agent.job_states[job] == api.JOB_UNCERTAIN and agent.answers == []
    assert kiosk.app.flow.uncertain is None and UNCERTAIN_CITIZEN not in kiosk.screen_text()


@pytest.mark.parametrize("size", [(1280, 800), (1920, 1080)])
def test_question_layout_big_targets_and_whole_button_names(
    kiosk: Any, agent: FakeAgent, size: tuple[int, int]
) -> None:
    """GIVEN the question at either kiosk size WHEN laid out THEN every button is at least 90 px, and no body
    line starts with closing punctuation or cuts the 「重新列印」 button name in two."""
    kiosk.resize(size)
    login_with_card(kiosk, agent)
    agent.cut_interruptions = 1
    apply_for(kiosk, "HR-TRANSCRIPT")
    kiosk.tap(kiosk.find("submit"))
    kiosk.wait_until(lambda: kiosk.app.current == "print_plan")
    kiosk.tap(kiosk.find("go"))
    kiosk.wait_until(lambda: kiosk.app.current == "print_check")
    kiosk.pump(3)
    small = [b.text for b in visible_buttons(kiosk) if min(b.width, b.height) < MIN_TARGET_PX]
    assert small == [] and {"have_it", "print_again"} <= set(kiosk.screen.ids)
    lines = rendered_lines(kiosk.find("body"))
    assert lines and not any(line[:1] in NO_LINE_START for line in lines)
    assert any("「重新列印」" in line for line in lines)
