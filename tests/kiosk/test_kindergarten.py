"""The kindergarten presenter against the fake agent, whose answers are built from wire/payloads/enrolment.py."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk import agent_api as api
from kiosk.flow import KioskFlow
from kiosk.kindergarten import CARD_CATEGORIES, LIGHT_CATEGORIES, ROWS_PER_PAGE, KindergartenFlow
from kiosk.messages import MESSAGES
from kiosk.steps import Msg
from onestop.dev.fake_agent import KINDERGARTENS, FakeAgent
from wire.payloads.enrolment import BoardRequest, RegisterRequest, ResultRequest

TODAY = dt.date(2026, 11, 21)


@pytest.fixture
def agent() -> FakeAgent:
    return FakeAgent()


@pytest.fixture
def kg(agent: FakeAgent) -> KindergartenFlow:
    return KindergartenFlow(agent, lambda: TODAY)


def test_request_bodies_are_the_wire_models() -> None:
    """GIVEN the kiosk's request builders THEN their bodies validate as the hub's payloads."""
    BoardRequest.model_validate(api.enrolment_board(1, "KG003").body)
    ResultRequest.model_validate(api.enrolment_result("0000000001", "2021-03-04").body)
    reg = RegisterRequest.model_validate(
        api.enrolment_register("KG001", "A123456789", "2021-03-04", "g_resident").body
    )
    assert "A123456789" not in repr(reg)
    assert api.enrolment_board(1).path.startswith("/v1/hub/enrolment.board")


def test_board_reads_every_hub_page_and_pages_the_screen(kg: KindergartenFlow, agent: FakeAgent) -> None:
    """GIVEN 12 kindergartens (24 rows) and hub pages of 5 rows WHEN the board loads
    THEN all 24 rows arrive in order, no pool split across pages, and the screen shows them 6 at a time."""
    agent.kg_page_size = 5
    agent.add_registration("0000000001", "KG002", "2021-03-04", "mixed")
    assert kg.load_board().error is None
    assert len(kg.rows) == 2 * len(KINDERGARTENS)
    assert [r.kindergarten for r in kg.rows] == sorted(r.kindergarten for r in kg.rows)
    assert agent.calls.count("POST /v1/hub/enrolment.board") == 6  # 4 rows a page: pools kept together
    kg002 = [r for r in kg.rows if r.kindergarten == "KG002"]
    assert [(r.pool, r.places, r.registrations, r.vacancies) for r in kg002] == [
        ("two_year", 16, 0, None), ("mixed", 30, 1, None)]  # fmt: skip
    assert kg.pages == 5 and len(kg.visible_rows()) == ROWS_PER_PAGE
    kg.turn(10)
    assert kg.page == 4 and kg.visible_rows()[-1].kindergarten == "KG012"
    kg.turn(-10)
    assert kg.page == 0


def test_board_refresh_sees_new_registrations(kg: KindergartenFlow, agent: FakeAgent) -> None:
    kg.load_board()
    before = next(r for r in kg.rows if r.kindergarten == "KG001" and r.pool == "mixed").registrations
    agent.add_registration("0000000009", "KG001", "2021-03-04", "mixed")
    kg.load_board()
    assert (
        next(r for r in kg.rows if r.kindergarten == "KG001" and r.pool == "mixed").registrations
        == before + 1
    )


def test_board_offline_keeps_the_last_rows_and_says_so(kg: KindergartenFlow, agent: FakeAgent) -> None:
    kg.load_board()
    rows = kg.rows
    agent.hub_online = False
    step = kg.load_board()
    assert step.error == Msg("error.hub_unavailable") and kg.rows == rows


def test_result_by_number_and_roc_or_ad_birth_date(kg: KindergartenFlow, agent: FakeAgent) -> None:
    """GIVEN a waitlisted registration WHEN looked up with the ROC or the AD birth date THEN the same answer."""
    agent.add_registration("0000000107", "KG002", "2021-03-04", status="waitlisted", rank=3)
    kg.load_board()
    for typed in ("1100304", "20210304"):
        assert kg.look_up_result("0000000107", typed).error is None
        assert kg.result is not None
        assert (kg.result.status, kg.result.rank, kg.result.phase) == ("waitlisted", 3, 1)
        assert kg.result.kindergarten_name == "市立大同國小附設幼兒園"


def test_result_mismatch_and_bad_input(kg: KindergartenFlow, agent: FakeAgent) -> None:
    """GIVEN a registration WHEN the birth date is wrong THEN "not found"; malformed input never reaches the hub."""
    agent.add_registration("0000000107", "KG002", "2021-03-04")
    assert kg.look_up_result("0000000107", "1100305").error == Msg("error.kg_not_found")
    assert kg.result is None
    calls = len(agent.calls)
    assert kg.look_up_result("12345", "1100304").error == Msg("error.kg_number")
    assert kg.look_up_result("0000000107", "1101399").error == Msg("error.birth_date")
    assert len(agent.calls) == calls


def test_reset_forgets_the_result(agent: FakeAgent) -> None:
    flow = KioskFlow(agent, today=lambda: TODAY)
    agent.add_registration("0000000107", "KG002", "2021-03-04")
    flow.kindergarten.look_up_result("0000000107", "1100304")
    assert flow.kindergarten.result is not None
    assert flow.visit(10)["outcome"] == "completed"
    flow.reset()
    assert flow.kindergarten.result is None


PHONE = "0912345678"


def register(kg: KindergartenFlow, national_id: str, birth: str, code: str, category: str = "g_resident",
             card: bool = False) -> Msg | None:  # fmt: skip
    """Review (the confirm step), then register; the first error either gives."""
    step = kg.review(national_id, birth, PHONE, code, category, card=card)
    return step.error if step.error is not None else kg.register().error


def test_register_light_id_prints_a_receipt_with_the_masked_id(
    kg: KindergartenFlow, agent: FakeAgent
) -> None:
    """GIVEN the board WHEN a general resident's child is reviewed and registered THEN the hub's number and
    masked ID are kept, the receipt goes through the receipt-printer route, the phone reaches the hub for
    waiting-list notices, and the full ID is nowhere but the request body."""
    kg.load_board()
    calls = len(agent.calls)
    assert kg.review("A123456789", "1100304", PHONE, "KG002").error is None
    assert len(agent.calls) == calls and kg.draft is not None  # the confirm step sends nothing
    assert kg.register().error is None and kg.draft is None
    reg = kg.registration
    assert reg is not None and reg.child == "******6789" and reg.printed and len(reg.number) == 10
    assert reg.kindergarten_name == "市立大同國小附設幼兒園" and reg.birth == "110-03-04 (2021-03-04)"
    ((kind, body),) = agent.printed
    assert kind == "receipt" and ["幼兒身分證", "******6789"] in [list(line) for line in body["lines"]]
    assert "A123456789" not in str(body) and "A123456789" not in str(agent.calls)
    (sent,) = agent.kg_requests
    assert (sent.phone, sent.category, sent.citizen_session) == (PHONE, "g_resident", None)
    assert kg.look_up_result(reg.number, "1100304").error is None  # the number really finds the child


def test_register_refusal_is_shown_as_the_hub_wrote_it(kg: KindergartenFlow, agent: FakeAgent) -> None:
    """GIVEN a child already registered WHEN registered again THEN the hub's zh-TW + English text is the error."""
    kg.load_board()
    register(kg, "A123456789", "1100304", "KG002")
    error = register(kg, "A123456789", "1100304", "KG003")
    assert error is not None and error.key == "error.agent_says"
    assert (
        error.params["text"].startswith("此幼兒已於 KG002 登記")
        and "Already registered" in error.params["text"]
    )


def test_register_bad_input_never_reaches_the_hub(kg: KindergartenFlow, agent: FakeAgent) -> None:
    kg.load_board()
    calls = len(agent.calls)
    assert register(kg, "A123456788", "1100304", "KG002") == Msg("error.id_check")
    assert register(kg, "A123456789", "1100304", "KG999") == Msg("error.kg_choose")
    assert register(kg, "A123456789", "1100304", "KG002", "p3_staff_child") == Msg("error.kg_category")
    assert register(kg, "A123456789", "1100304", "KG002", "na_low_income") == Msg(
        "error.kg_category"
    )  # no card
    assert kg.review("A123456789", "1100304", "0812345678", "KG002").error == Msg("error.phone")
    assert kg.register().error == Msg("error.session_ended")  # nothing reviewed: nothing to send
    assert len(agent.calls) == calls and kg.registration is None


@pytest.mark.parametrize("category", CARD_CATEGORIES)
def test_with_the_parents_card_every_online_category_of_seed_003_registers(
    kg: KindergartenFlow, agent: FakeAgent, category: str
) -> None:
    """GIVEN the parent logged in with the card WHEN a child is registered in any category seed 003's table
    marks ○ (online) THEN the request goes through the card route and the hub gets the card session."""
    agent.insert_card()
    agent.verify_pin("123456")
    kg.load_board()
    assert register(kg, "A123456789", "1100304", "KG002", category, card=True) is None
    (sent,) = agent.kg_requests
    assert sent.category == category and sent.citizen_session and sent.phone == PHONE
    assert any(call.startswith("POST /v1/card/hub/enrolment.register") for call in agent.calls)


def test_the_card_route_refuses_without_a_logged_in_card(kg: KindergartenFlow, agent: FakeAgent) -> None:
    """GIVEN the card was taken out (no login) WHEN a card-category registration is sent THEN the agent
    refuses it and nothing is registered."""
    kg.load_board()
    assert register(kg, "A123456789", "1100304", "KG002", "na_low_income", card=True) == Msg(
        "error.not_logged_in"
    )
    assert agent.kg_requests == [] and kg.registration is None


def test_the_kiosk_categories_are_the_online_ones_of_seed_003() -> None:
    """The card categories are those the hub's rules mark online (○), and only those; without a card only
    general residents."""
    rules = pytest.importorskip("hub.enrolment.rules.categories")  # the kiosk's own venv has no hub
    online = {c.value for c, rule in rules.CATEGORY_RULES.items()
              if rule.online in (rules.Online.YES, rules.Online.IF_RESIDENT)}  # fmt: skip
    assert set(CARD_CATEGORIES) == online
    assert LIGHT_CATEGORIES == ("g_resident",)
    assert all(f"kg.cat.{c}" in MESSAGES for c in CARD_CATEGORIES)
