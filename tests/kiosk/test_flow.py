"""The citizen flow presenter against the in-memory agent: every path, every error says what to do next."""

import datetime as dt
from pathlib import Path

import pytest

from kiosk.catalogue import CatalogueCache
from kiosk.flow import KioskFlow, Msg, Screen, Step
from onestop.dev.fake_agent import FakeAgent
from wire.payloads.cases import is_valid_case_no, verify_query_password

ID = "A123456789"
TODAY = dt.date(2026, 11, 21)


@pytest.fixture
def agent() -> FakeAgent:
    return FakeAgent()


@pytest.fixture
def flow(agent: FakeAgent, tmp_path: Path) -> KioskFlow:
    return KioskFlow(agent, cache=CatalogueCache(tmp_path / "catalogue.json"), technician_code="9999",
                     today=lambda: TODAY)  # fmt: skip


def card_login(agent: FakeAgent, flow: KioskFlow) -> None:
    agent.insert_card()
    assert flow.submit_pin("123456").screen is Screen.CATALOGUE


def apply(flow: KioskFlow, code: str, phone: str = "0912345678") -> None:
    assert flow.choose_service(code).screen is Screen.APPLY
    assert flow.review(phone).screen is Screen.CONFIRM
    assert flow.submit_application().screen is Screen.DONE


def test_card_application_opens_the_case_and_prints_the_receipt(agent: FakeAgent, flow: KioskFlow) -> None:
    """GIVEN a card login WHEN the citizen applies for 2 transcripts
    THEN case.opened carries a valid number and only the password's hash, and the receipt has both."""
    card_login(agent, flow)
    assert flow.identity is not None and flow.identity.display_name == "王小明"
    flow.choose_service("HR-TRANSCRIPT")
    flow.change_copies(+1)
    flow.review("0912345678")
    assert flow.fee() == 30
    flow.submit_application()
    out = flow.outcome
    assert (
        out is not None and out.online and is_valid_case_no(out.case_no) and out.case_no.startswith("K261121")
    )
    case = agent.cases[out.case_no]
    assert verify_query_password(out.password, case["password_hash"]) and out.password not in str(case)
    assert (case["name"], case["phone"], case["identity"], case["fields"]) == (
        "王小明",
        "0912345678",
        "card",
        {"copies": "2"},
    )
    assert [kind for kind, _ in agent.printed] == ["case_receipt"]
    receipt = agent.printed[0][1]
    assert (receipt["case_no"], receipt["query_password"], receipt["filed_on"]) == (out.case_no, out.password,
                                                                                    "2026-11-21")  # fmt: skip


def test_wrong_pin_says_how_many_tries_remain(agent: FakeAgent, flow: KioskFlow) -> None:
    agent.insert_card()
    assert flow.submit_pin("000000").error == Msg("error.wrong_pin", {"tries": 2})
    assert flow.submit_pin("000000").error == Msg("error.wrong_pin", {"tries": 1})
    # blocked: the PIN pad can do nothing more, the session ends (and the card is asked back)
    assert flow.submit_pin("000000") == Step(Screen.WELCOME, Msg("error.pin_blocked"))
    assert flow.identity is None


def test_short_pin_never_reaches_the_agent(agent: FakeAgent, flow: KioskFlow) -> None:
    agent.insert_card()
    assert flow.submit_pin("123").error == Msg("error.pin_length")
    assert not any("pin" in call for call in agent.calls)


def test_card_login_needs_the_hub(agent: FakeAgent, flow: KioskFlow) -> None:
    agent.insert_card()
    agent.hub_online = False
    assert flow.submit_pin("123456").error == Msg("error.hub_unavailable")


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


def test_light_application_prints_the_form_with_typed_values(agent: FakeAgent, flow: KioskFlow) -> None:
    flow.submit_light_id(ID, "19650312")
    apply(flow, "DISABLED-PARKING", "0987654321")
    assert [kind for kind, _ in agent.printed] == ["case_receipt", "form"]
    form = agent.printed[1][1]
    assert form["form"]["code"] == "DP-01" and form["values"] == {"phone": "0987654321", "name": "A123******"}
    case = next(iter(agent.cases.values()))
    assert case["identity"] == "light" and case["fields"] == {"national_id": ID, "birth_date": "1965-03-12"}
    assert case["form_version"] == 1


def test_bad_phone_stays_on_apply(flow: KioskFlow) -> None:
    flow.submit_light_id(ID, "0540312")
    flow.choose_service("JOB-SEEKER")
    step = flow.review("12345")
    assert step.screen is None and step.error == Msg("error.phone")


def test_offline_application_is_queued_and_its_receipt_printed(agent: FakeAgent, flow: KioskFlow) -> None:
    """GIVEN the catalogue was cached WHEN the hub goes away THEN the case waits in the agent, the receipt
    prints with a number and password that work once the hub has it."""
    flow.submit_light_id(ID, "0540312")
    flow.reset()
    agent.hub_online = False
    assert flow.submit_light_id(ID, "0540312").screen is Screen.CATALOGUE
    assert flow.catalogue_offline
    apply(flow, "JOB-SEEKER")
    out = flow.outcome
    assert out is not None and not out.online
    assert agent.cases == {} and agent.outbox[0][1]["case_no"] == out.case_no
    assert agent.printed[0][1]["query_password"] == out.password
    agent.reconnect()
    assert flow.query_progress(out.case_no, out.password).error is None


def test_catalogue_cache_survives_a_new_kiosk_process(agent: FakeAgent, tmp_path: Path) -> None:
    KioskFlow(agent, cache=CatalogueCache(tmp_path / "c.json")).load_catalogue()
    agent.hub_online = False
    second = KioskFlow(agent, cache=CatalogueCache(tmp_path / "c.json"))
    assert second.load_catalogue().screen is Screen.CATALOGUE
    assert second.catalogue_offline and len(second.services) == len(agent.services)


def test_catalogue_entry_that_does_not_validate_is_skipped(agent: FakeAgent, flow: KioskFlow) -> None:
    agent.services[0] = {**agent.services[0], "identity": "telepathy"}
    agent.services = agent.services  # the fake validates the whole answer: send this one unvalidated
    from kiosk.catalogue import parse_catalogue

    services = parse_catalogue({"services": agent.services})
    assert len(services) == len(agent.services) - 1


def test_offline_without_any_catalogue_explains(agent: FakeAgent, flow: KioskFlow) -> None:
    agent.hub_online = False
    step = flow.submit_light_id(ID, "0540312")
    assert step.error == Msg("error.no_catalogue") and step.screen is Screen.WELCOME


def test_printer_out_of_paper_keeps_the_case_and_says_so(agent: FakeAgent, flow: KioskFlow) -> None:
    card_login(agent, flow)
    agent.printer_problem = "paper_out"
    apply(flow, "HR-TRANSCRIPT")
    assert flow.outcome is not None and flow.outcome.case_no in agent.cases
    assert flow.outcome.print_errors == (Msg("error.device.paper_out"),)
    assert len(agent.jobs) == 1 and agent.printed == []  # waiting in the agent's spool, not lost


def test_progress_query_and_payment_slips(agent: FakeAgent, flow: KioskFlow) -> None:
    card_login(agent, flow)
    apply(flow, "HR-TRANSCRIPT")
    out = flow.outcome
    assert out is not None
    agent.add_slip(out.case_no, 15, dt.date(2026, 12, 5))
    flow.reset()
    typed = out.case_no.replace("-", "").lower()  # what a citizen types: no hyphens
    assert flow.query_progress(typed, out.password).error is None
    assert flow.progress is not None and flow.progress["milestone_name"] == "審核中"
    assert flow.print_slips() == Step(Screen.PROGRESS) and flow.slips_printed == 1
    slip = agent.printed[-1][1]
    assert (slip["case_no"], slip["amount"], slip["due"], slip["item_code"]) == (
        out.case_no,
        15,
        "2026-12-05",
        "A1B",
    )
    assert flow.query_progress(out.case_no, "ZZZZ2222").error == Msg("error.case_not_found")
    assert flow.progress is None


def test_progress_typo_in_case_number_is_caught_before_asking_the_hub(
    agent: FakeAgent, flow: KioskFlow
) -> None:
    """Issue 18, defect 3: a wrong check character is a typo, a wrong shape says the real format (filled from
    the wire contract: an example, the length, the characters never used)."""
    from kiosk.keypads import code_formats

    formats = code_formats()
    assert flow.query_progress("K261121-7QX4M-Z3P9Z", "ABCD2345").error == Msg("error.case_no_typo", formats)
    assert flow.query_progress("K261121", "ABCD2345").error == Msg("error.case_no", formats)
    assert flow.query_progress("K261121-4AD53-AJ5H3", "ABCD1234").error == Msg(
        "error.query_password", formats
    )
    assert formats["case_example"] == "K261121-4AD53-AJ5H3" and formats["left_out"] == "0/1/I/L/O"
    assert agent.calls == []


def test_scan_returns_and_continue_after_a_jam(agent: FakeAgent, flow: KioskFlow) -> None:
    agent.scanner_problem = "jammed"
    assert flow.scan_returns().error == Msg("error.device.jammed")
    batch = flow.scan_result.batch if flow.scan_result else ""
    agent.scanner_problem = None
    agent.scan_pages = ["K251121-7QX4M-Z3P9H", None]
    assert flow.scan_returns().error is None
    assert flow.scan_result is not None and flow.scan_result.batch == batch
    assert [p.accepted for p in flow.scan_result.pages] == [True, False]


def test_reset_forgets_the_citizen(agent: FakeAgent, flow: KioskFlow) -> None:
    card_login(agent, flow)
    flow.choose_service("HR-TRANSCRIPT")
    flow.review("0912345678")
    flow.reset()
    assert (flow.identity, flow.service, flow.phone, flow.outcome) == (None, None, "", None)
    assert "POST /v1/card/logout" in agent.calls
    assert flow.services  # the public catalogue stays


def test_technician_mode(agent: FakeAgent, flow: KioskFlow) -> None:
    assert flow.unlock_technician("1234").error == Msg("error.technician_code")
    assert flow.test_print().screen is Screen.WELCOME and agent.printed == []
    assert flow.unlock_technician("9999").screen is Screen.TECHNICIAN
    flow.test_print()
    assert flow.tech_result == Msg("tech.test_print_ok") and agent.printed[0][0] == "receipt"
    assert flow.tech_ok
    flow.test_scan()
    assert flow.tech_result == Msg("tech.test_scan_ok") and flow.tech_ok  # empty feeder: the scanner answered
    agent.scanner_problem = "jammed"
    flow.test_scan()
    # a failed test: the technician's words (issue 18, defect 8), not the citizen's "ask staff"
    assert (flow.tech_result, flow.tech_ok, flow.tech_test) == (
        Msg("tech.fault.jammed"),
        False,
        "tech.test_scan",
    )
    agent.printer_problem = "paper_out"  # the job is accepted, but the printer is not ready: failed too
    flow.test_print()
    assert (flow.tech_result, flow.tech_ok) == (Msg("tech.fault.paper_out"), False)
    assert flow.device_status is not None


def test_technician_mode_without_configured_code_stays_locked(agent: FakeAgent) -> None:
    assert KioskFlow(agent).unlock_technician("").error == Msg("error.technician_code")


def test_visit_report_carries_nothing_personal(agent: FakeAgent, flow: KioskFlow) -> None:
    card_login(agent, flow)
    apply(flow, "HR-TRANSCRIPT")
    visit = flow.visit(42.7)
    assert visit == {"service": "HR-TRANSCRIPT", "seconds": 42, "outcome": "completed", "pages_printed": 1}
    flow.reset()
    flow.submit_light_id(ID, "0540312")
    assert flow.visit(95, timed_out=True) == {"service": None, "seconds": 95, "outcome": "timed_out",
                                              "pages_printed": 0}  # fmt: skip
    flow.unlock_technician("9999")
    assert flow.visit(10) is None  # technicians are not citizens' visits
