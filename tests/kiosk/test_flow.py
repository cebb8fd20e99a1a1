"""The citizen flow presenter against the in-memory agent: every path, every error says what to do next."""

import datetime as dt
from pathlib import Path

import pytest

from kiosk.catalogue import CatalogueCache
from kiosk.fake_agent import FakeAgent
from kiosk.flow import KioskFlow, Msg, Screen

ID = "A123456789"


@pytest.fixture
def agent() -> FakeAgent:
    return FakeAgent()


@pytest.fixture
def flow(agent: FakeAgent, tmp_path: Path) -> KioskFlow:
    return KioskFlow(agent, cache=CatalogueCache(tmp_path / "catalogue.json"), technician_code="9999",
                     today=lambda: dt.date(2026, 11, 21))  # fmt: skip


def card_login(agent: FakeAgent, flow: KioskFlow) -> None:
    agent.insert_card()
    assert flow.submit_pin("123456").screen is Screen.CATALOGUE


def test_card_application_prints_receipt_and_slip(agent: FakeAgent, flow: KioskFlow) -> None:
    """GIVEN a card login WHEN the citizen applies for 2 transcripts THEN a case opens and receipt + slip print."""
    card_login(agent, flow)
    assert flow.identity is not None and flow.identity.display_name == "王小明"
    assert flow.choose_service("HR-TRANSCRIPT").screen is Screen.APPLY
    flow.change_copies(+1)
    assert flow.review("0912345678").screen is Screen.CONFIRM
    assert flow.fee() == 30
    assert flow.submit_application().screen is Screen.DONE
    out = flow.outcome
    assert out is not None and not out.queued
    case = agent.cases[out.case_no]
    assert case.password == out.password
    assert case.fields == {"phone": "0912345678", "copies": 2}
    assert case.identity["kind"] == "card"
    assert [kind for kind, _ in agent.printed] == ["receipt", "slip"]
    assert agent.printed[0][1]["case_no"] == out.case_no
    assert agent.printed[1][1]["amount"] == 30


def test_wrong_pin_says_how_many_tries_remain(agent: FakeAgent, flow: KioskFlow) -> None:
    agent.insert_card()
    assert flow.submit_pin("000000").error == Msg("error.wrong_pin", {"tries": 2})
    assert flow.submit_pin("000000").error == Msg("error.wrong_pin", {"tries": 1})
    assert flow.submit_pin("000000").error == Msg("error.card_blocked")
    assert flow.identity is None


def test_short_pin_never_reaches_the_agent(agent: FakeAgent, flow: KioskFlow) -> None:
    agent.insert_card()
    assert flow.submit_pin("123").error == Msg("error.pin_length")
    assert "verify_pin" not in agent.calls


def test_light_identification_sees_only_light_services(agent: FakeAgent, flow: KioskFlow) -> None:
    assert flow.submit_light_id(ID, "0540312").screen is Screen.CATALOGUE
    codes = {s.code for s in flow.visible_services()}
    assert "DISABLED-PARKING" in codes and "HR-TRANSCRIPT" not in codes
    assert flow.choose_service("HR-TRANSCRIPT").error == Msg("error.unknown_service")
    assert flow.identity is not None and flow.identity.id_masked == "A123******"


def test_light_identification_bad_input_changes_nothing(agent: FakeAgent, flow: KioskFlow) -> None:
    assert flow.submit_light_id("A123456788", "0540312").error == Msg("error.id_check")
    assert flow.submit_light_id(ID, "0541399").error == Msg("error.birth_date")
    assert flow.identity is None
    assert agent.calls == []


def test_form_service_prints_the_a4_form(agent: FakeAgent, flow: KioskFlow) -> None:
    flow.submit_light_id(ID, "19650312")
    flow.choose_service("DISABLED-PARKING")
    flow.review("0987654321")
    flow.submit_application()
    assert [kind for kind, _ in agent.printed] == ["receipt", "form"]
    assert agent.printed[1][1]["form_id"] == "DP-01"


def test_bad_phone_stays_on_apply(flow: KioskFlow) -> None:
    flow.submit_light_id(ID, "0540312")
    flow.choose_service("JOB-SEEKER")
    step = flow.review("12345")
    assert step.screen is None and step.error == Msg("error.phone")


def test_offline_application_is_queued_and_receipt_printed(agent: FakeAgent, flow: KioskFlow) -> None:
    """GIVEN the catalogue was cached WHEN the hub goes away THEN the agent queues the case and a receipt prints."""
    card_login(agent, flow)
    agent.hub_online = False
    flow.reset()
    agent.insert_card()
    assert flow.submit_pin("123456").screen is Screen.CATALOGUE
    assert flow.catalogue_offline
    flow.choose_service("HOUSE-NUMBER")
    flow.review("0912345678")
    assert flow.submit_application().screen is Screen.DONE
    assert flow.outcome is not None and flow.outcome.queued and flow.outcome.reference
    assert agent.queued[0][0] == "case.open"
    assert [kind for kind, _ in agent.printed] == ["receipt"]
    assert agent.printed[0][1]["queued"] is True


def test_catalogue_cache_survives_a_new_kiosk_process(agent: FakeAgent, tmp_path: Path) -> None:
    first = KioskFlow(agent, cache=CatalogueCache(tmp_path / "c.json"))
    first.load_catalogue()
    agent.hub_online = False
    second = KioskFlow(agent, cache=CatalogueCache(tmp_path / "c.json"))
    assert second.load_catalogue().screen is Screen.CATALOGUE
    assert second.catalogue_offline and len(second.services) == len(agent.services)


def test_offline_without_any_catalogue_explains(agent: FakeAgent, flow: KioskFlow) -> None:
    agent.hub_online = False
    step = flow.submit_light_id(ID, "0540312")
    assert step == flow.load_catalogue()
    assert step.error == Msg("error.no_catalogue") and step.screen is Screen.WELCOME


def test_printer_out_of_paper_keeps_the_case(agent: FakeAgent, flow: KioskFlow) -> None:
    card_login(agent, flow)
    flow.choose_service("HR-TRANSCRIPT")
    flow.review("0912345678")
    agent.printer_problem = "paper_out"
    assert flow.submit_application().screen is Screen.DONE
    assert flow.outcome is not None and flow.outcome.case_no in agent.cases
    assert flow.outcome.print_errors[0] == Msg("error.device.paper_out")


def test_progress_query(agent: FakeAgent, flow: KioskFlow) -> None:
    card_login(agent, flow)
    flow.choose_service("HR-TRANSCRIPT")
    flow.review("0912345678")
    flow.submit_application()
    out = flow.outcome
    assert out is not None
    flow.reset()
    assert flow.query_progress(out.case_no, out.password).error is None
    assert flow.progress is not None and flow.progress["milestones"][0]["done"] is True
    assert flow.query_progress(out.case_no, "000000").error == Msg("error.case_not_found")
    assert flow.progress is None
    assert flow.query_progress("12", "1234").error == Msg("error.case_no")


def test_scan_returns(agent: FakeAgent, flow: KioskFlow) -> None:
    agent.scan_pages = ["11511210001", None]
    assert flow.scan_returns().error is None
    assert flow.scan_result is not None and [p.accepted for p in flow.scan_result.pages] == [True, False]
    agent.scanner_problem = "jam"
    assert flow.scan_returns().error == Msg("error.device.jam")


def test_reset_forgets_the_citizen(agent: FakeAgent, flow: KioskFlow) -> None:
    card_login(agent, flow)
    flow.choose_service("HR-TRANSCRIPT")
    flow.review("0912345678")
    flow.reset()
    assert (flow.identity, flow.service, flow.phone, flow.outcome) == (None, None, "", None)
    assert "card_logout" in agent.calls
    assert flow.services  # the public catalogue stays


def test_technician_mode(agent: FakeAgent, flow: KioskFlow) -> None:
    assert flow.unlock_technician("1234").error == Msg("error.technician_code")
    assert flow.test_print().screen is Screen.WELCOME and agent.printed == []
    assert flow.unlock_technician("9999").screen is Screen.TECHNICIAN
    flow.test_print()
    assert flow.tech_result == Msg("tech.test_print_ok") and agent.printed == [("receipt", {"kind": "test"})]
    agent.scanner_problem = "jam"
    flow.test_scan()
    assert flow.tech_result == Msg("error.device.jam")
    assert flow.device_status is not None


def test_technician_mode_without_configured_code_stays_locked(agent: FakeAgent) -> None:
    assert KioskFlow(agent).unlock_technician("").error == Msg("error.technician_code")
