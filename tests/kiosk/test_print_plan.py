"""What prints and what it costs, before printing (issue 18, defect 4): the pure plans and the presenter."""

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest

from kiosk.catalogue import CatalogueCache, Service, parse_catalogue
from kiosk.flow import KioskFlow, Msg, Screen
from kiosk.print_plan import FORM_PAGE_PRICE, SCAN_RETURN_PRICE, application_plan, slips_plan
from onestop.dev.fake_agent import FakeAgent


@pytest.fixture
def agent() -> FakeAgent:
    return FakeAgent()


@pytest.fixture
def flow(agent: FakeAgent, tmp_path: Path) -> KioskFlow:
    return KioskFlow(agent, cache=CatalogueCache(tmp_path / "c.json"), today=lambda: dt.date(2026, 11, 21))


def service(agent: FakeAgent, code: str) -> Service:
    return next(s for s in parse_catalogue({"services": agent.services}) if s.code == code)


def test_application_plan_counts_every_form_page_at_the_seed_price(agent: FakeAgent) -> None:
    """Seed 004:1749: an A4 form sheet costs NT$2 and returning it by the store's scanner NT$11."""
    zoning = service(agent, "ZONING-CERT")
    two_pages = {**zoning.forms[0], "pages": [zoning.forms[0]["pages"][0]] * 2}
    plan = application_plan(zoning, 200)
    assert [(line.kind, line.count, line.price) for line in plan.lines] == [("receipt", 1, 0), ("form", 1, 2)]
    assert (plan.print_cost, plan.fee, plan.return_scan) == (FORM_PAGE_PRICE, 200, SCAN_RETURN_PRICE)
    longer = application_plan(replace(zoning, forms=(two_pages,)), 0)
    assert longer.print_cost == 2 * FORM_PAGE_PRICE and longer.sheets == 3
    no_forms = application_plan(service(agent, "HR-TRANSCRIPT"), 15)
    assert (no_forms.print_cost, no_forms.return_scan, no_forms.sheets) == (0, 0, 1)


def test_slips_plan_prints_free_and_sums_what_is_paid_at_the_counter() -> None:
    plan = slips_plan([{"payment_no": "A1", "amount": 300}, {"payment_no": "A2", "amount": 45}])
    assert (plan.print_cost, plan.pay_at_store, plan.sheets, plan.action) == (0, 345, 2, "slips")


def test_nothing_is_filed_or_printed_before_the_plan_is_confirmed(agent: FakeAgent, flow: KioskFlow) -> None:
    agent.insert_card()
    flow.submit_pin("123456")
    flow.choose_service("ZONING-CERT")
    flow.review("0912345678")
    assert flow.plan_application().screen is Screen.PRINT_PLAN
    assert agent.cases == {} and agent.printed == [] and flow.print_plan is not None
    assert flow.confirm_print().screen is Screen.DONE
    assert len(agent.cases) == 1 and [k for k, _ in agent.printed] == ["case_receipt", "form"]
    assert flow.print_plan is None
    assert flow.confirm_print().error == Msg("error.session_ended")
    assert len(agent.cases) == 1  # a second press after the first filed nothing more


def test_reading_a_printed_receipt_fills_the_query(agent: FakeAgent, flow: KioskFlow) -> None:
    """Issue 18, defect 3: the receipt as the printer draws it, read back through the agent's codes route."""
    from PIL import Image

    agent.insert_card()
    flow.submit_pin("123456")
    flow.choose_service("HR-TRANSCRIPT")
    flow.review("0912345678")
    flow.plan_application()
    flow.confirm_print()
    out = flow.outcome
    assert out is not None
    assert flow.read_receipt().error == Msg("error.receipt_no_paper")
    agent.feeder_images.append(Image.new("L", (300, 300), 255))
    assert flow.read_receipt().error == Msg("error.receipt_unreadable")
    agent.put_receipt_in_scanner()
    assert flow.read_receipt().error is None
    assert flow.receipt_read is not None and (flow.receipt_read.case_no, flow.receipt_read.password) == (
        out.case_no,
        out.password,
    )
    agent.scanner_problem = "jammed"
    agent.put_receipt_in_scanner()
    assert flow.read_receipt().error == Msg("error.device.jammed")
