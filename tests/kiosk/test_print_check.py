"""A receipt whose cut the agent may not have recorded: the kiosk asks the citizen, then carries on."""

import datetime as dt
from pathlib import Path

import pytest

from kiosk import agent_api as api
from kiosk.agent_client import AgentError
from kiosk.catalogue import CatalogueCache
from kiosk.flow import KioskFlow, Msg, Screen, Step
from onestop.dev.fake_agent import UNCERTAIN_CITIZEN, FakeAgent

TODAY = dt.date(2026, 11, 21)


@pytest.fixture
def agent() -> FakeAgent:
    agent = FakeAgent()
    agent.insert_card()
    return agent


@pytest.fixture
def flow(agent: FakeAgent, tmp_path: Path) -> KioskFlow:
    flow = KioskFlow(agent, cache=CatalogueCache(tmp_path / "c.json"), today=lambda: TODAY)
    assert flow.submit_pin("123456").screen is Screen.CATALOGUE
    flow.choose_service("HR-TRANSCRIPT")
    flow.review("0912345678")
    return flow


def receipts(agent: FakeAgent) -> list[str]:
    return [body["job"] for kind, body in agent.printed if kind == "case_receipt"]


def test_uncertain_receipt_after_filing_asks_the_citizen(agent: FakeAgent, flow: KioskFlow) -> None:
    """GIVEN the agent dies at the receipt's cut WHEN the application is filed
    THEN the kiosk shows the question with the agent's text, and the case is filed all the same."""
    agent.cut_interruptions = 1
    step = flow.submit_application()
    assert step == Step(Screen.PRINT_CHECK)
    assert flow.uncertain is not None and flow.uncertain.citizen == UNCERTAIN_CITIZEN
    assert flow.uncertain.kind == "case_receipt" and flow.after_check is Screen.DONE
    assert flow.outcome is not None and flow.outcome.case_no in agent.cases


def test_i_have_it_confirms_and_prints_nothing_more(agent: FakeAgent, flow: KioskFlow) -> None:
    agent.cut_interruptions = 1
    flow.submit_application()
    job = flow.uncertain.job if flow.uncertain else ""
    assert flow.answer_uncertain(have_it=True) == Step(Screen.DONE)
    assert agent.answers == [(job, "confirm")] and receipts(agent) == [job]
    assert agent.job_states[job] == "done" and flow.uncertain is None and flow.print_jobs == []


def test_print_again_prints_exactly_one_more_copy(agent: FakeAgent, flow: KioskFlow) -> None:
    agent.cut_interruptions = 1
    flow.submit_application()
    job = flow.uncertain.job if flow.uncertain else ""
    assert flow.answer_uncertain(have_it=False) == Step(Screen.DONE)
    assert agent.answers == [(job, "reprint")] and receipts(agent) == [job, job]
    assert flow.check_print_jobs(Screen.DONE) == Step() and flow.print_jobs == []  # the copy came out


def test_answer_given_by_staff_meanwhile_just_carries_on(agent: FakeAgent, flow: KioskFlow) -> None:
    """GIVEN a technician answered at the agent WHEN the citizen answers too (409 not_uncertain)
    THEN nothing more is printed and the flow carries on without an error."""
    agent.cut_interruptions = 1
    flow.submit_application()
    job = flow.uncertain.job if flow.uncertain else ""
    agent.send(api.confirm_job(job))
    assert flow.answer_uncertain(have_it=False) == Step(Screen.DONE)
    assert receipts(agent) == [job] and agent.answers == [(job, "confirm")]


def test_agent_down_when_answering_keeps_the_question(agent: FakeAgent, flow: KioskFlow) -> None:
    agent.cut_interruptions = 1
    flow.submit_application()
    agent.agent_up = False
    step = flow.answer_uncertain(have_it=True)
    assert step == Step(error=Msg("error.agent_unavailable")) and flow.uncertain is not None
    agent.agent_up = True
    assert flow.answer_uncertain(have_it=True) == Step(Screen.DONE)


def test_job_becoming_uncertain_later_is_found_by_polling(agent: FakeAgent, flow: KioskFlow) -> None:
    """GIVEN a receipt printed normally WHEN the agent restarts and reports it uncertain
    THEN the next poll on the done screen turns it into the question."""
    assert flow.submit_application() == Step(Screen.DONE)
    job = receipts(agent)[0]
    assert flow.print_jobs == []  # done at once in the fake: nothing left to watch
    flow.print_jobs.append(job)  # as if the agent answered "cutting" at the first look
    agent.interrupt_cut(job)
    assert flow.check_print_jobs(Screen.DONE) == Step(Screen.PRINT_CHECK)


def test_unreachable_agent_while_polling_keeps_watching(agent: FakeAgent, flow: KioskFlow) -> None:
    agent.printer_problem = "paper_out"
    flow.submit_application()
    assert len(flow.print_jobs) == 1  # printing: waits for paper
    agent.agent_up = False
    assert flow.check_print_jobs(Screen.DONE) == Step() and len(flow.print_jobs) == 1


def test_uncertain_payment_slip_returns_to_the_progress_screen(agent: FakeAgent, flow: KioskFlow) -> None:
    flow.submit_application()
    out = flow.outcome
    assert out is not None
    agent.add_slip(out.case_no, 15, dt.date(2026, 12, 5))
    flow.reset()
    flow.query_progress(out.case_no, out.password)
    agent.cut_interruptions = 1
    assert flow.print_slips() == Step(Screen.PRINT_CHECK)
    assert flow.uncertain is not None and flow.uncertain.kind == "payment_slip"
    assert flow.answer_uncertain(have_it=True) == Step(Screen.PROGRESS)


def test_reset_forgets_the_question_and_leaves_the_job_for_the_technician(
    agent: FakeAgent, flow: KioskFlow
) -> None:
    agent.cut_interruptions = 1
    flow.submit_application()
    job = flow.uncertain.job if flow.uncertain else ""
    flow.reset()
    assert flow.uncertain is None and flow.print_jobs == []
    assert agent.job_states[job] == api.JOB_UNCERTAIN and agent.answers == []


def test_fake_agent_job_routes_refuse_bad_calls(agent: FakeAgent) -> None:
    with pytest.raises(AgentError) as missing:
        agent.send(api.print_job("nope"))
    assert missing.value.code == "no_such_job"
    with pytest.raises(KeyError):
        agent.interrupt_cut("nope")


def test_parse_job_reads_the_agent_reply() -> None:
    state = api.parse_job({"job": "j1", "kind": "receipt", "state": "cutting", "attempts": 1, "reason": ""})
    assert (state.job, state.state, state.settled, state.uncertain, state.citizen) == (
        "j1", "cutting", False, False, "")  # fmt: skip
    assert api.parse_job({"job": "j1", "state": "uncertain", "citizen": "x"}).uncertain
