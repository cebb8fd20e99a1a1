"""A store kiosk prints the slip of a case filed online with the case number and the password the citizen
chose (seed 004:665): typos caught here, a wrong pair says how many tries remain, limits are the hub's."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kiosk.catalogue import CatalogueCache
from kiosk.flow import KioskFlow, Msg, Screen
from onestop.dev.fake_agent import FakeAgent
from wire.payloads.cases import Origin, make_case_no

CASE_NO = make_case_no(Origin.ONLINE, dt.date(2026, 12, 1))


@pytest.fixture
def agent() -> FakeAgent:
    fake = FakeAgent()
    fake.online_cases[CASE_NO] = ("申辦門牌證明", "MEG2468")
    fake.add_slip(CASE_NO, 30, dt.date(2026, 12, 20))
    return fake


@pytest.fixture
def flow(agent: FakeAgent, tmp_path: Path) -> KioskFlow:
    return KioskFlow(agent, cache=CatalogueCache(tmp_path / "c.json"), today=lambda: dt.date(2026, 12, 4))


def test_the_right_pair_finds_the_slip_and_prints_it(agent: FakeAgent, flow: KioskFlow) -> None:
    assert flow.query_slip(CASE_NO.lower().replace("-", ""), "MEG2468").error is None
    assert flow.progress is not None and flow.progress["service_name"] == "申辦門牌證明"
    step = flow.print_slips(Screen.SLIP)
    assert step.error is None and flow.slips_printed == 1
    (printed,) = [body for _kind, body in agent.printed]
    assert printed["case_no"] == CASE_NO and printed["amount"] == 30 and printed["service"] == "申辦門牌證明"


def test_typos_are_caught_here_and_cost_no_try(agent: FakeAgent, flow: KioskFlow) -> None:
    # a wrong check character
    assert flow.query_slip("K251121-7QX4M-Z3P9X", "MEG2468").error.key == "error.case_no_typo"
    assert flow.query_slip(CASE_NO, "MEG24").error == Msg("error.slip_password")
    assert flow.query_slip(CASE_NO, "MEG2468IO").error == Msg("error.slip_password")
    assert agent.slip_failures == {} and flow.progress is None


def test_a_wrong_pair_says_the_tries_left_then_the_limit(flow: KioskFlow) -> None:
    assert [flow.query_slip(CASE_NO, "WRNG999").error for _ in range(2)] == [
        Msg("error.slip_not_found", {"tries": 4}),
        Msg("error.slip_not_found", {"tries": 3}),
    ]
    for _ in range(3):
        flow.query_slip(CASE_NO, "WRNG999")
    assert flow.query_slip(CASE_NO, "MEG2468").error == Msg("error.rate_limited") and flow.progress is None
