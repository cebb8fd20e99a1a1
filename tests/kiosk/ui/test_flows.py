"""Every citizen flow driven end to end by touches on the real Kivy window, against the fake agent."""

from __future__ import annotations

import datetime as dt
from typing import Any

from onestop.dev.fake_agent import FakeAgent
from tests.kiosk.ui.fixtures import TECH_CODE
from tests.kiosk.ui.helpers import (
    NATIONAL_ID,
    PHONE,
    apply_for,
    cancel,
    login_with_card,
    print_from_plan,
    service_button,
)
from wire.payloads.cases import verify_query_password


def test_card_application_by_touch(kiosk: Any, agent: FakeAgent) -> None:
    """GIVEN a card WHEN the citizen types a wrong PIN, then the right one, applies and confirms
    THEN the case is stored, receipt and payment slip are printed and the screen shows number and password."""
    agent.insert_card()
    kiosk.wait_until(lambda: kiosk.app.current == "pin")
    kiosk.type_keys("000000")
    assert "●●●●●●" in kiosk.find("pin").value and "000000" not in kiosk.screen_text()
    kiosk.tap(kiosk.find("submit"))
    kiosk.wait_until(lambda: kiosk.screen.error is not None)
    assert "還可以再試 2 次" in kiosk.screen_text()
    kiosk.type_keys("123456")
    kiosk.tap(kiosk.find("submit"))
    kiosk.wait_until(lambda: kiosk.app.current == "catalogue")
    assert "王小明 您好" in kiosk.screen_text()
    apply_for(kiosk, "HR-TRANSCRIPT", more_copies=1)
    summary = kiosk.find("summary").text
    assert "請領戶籍謄本" in summary and PHONE in summary and "NT$30" in summary
    kiosk.tap(kiosk.find("submit"))
    print_from_plan(kiosk)
    (case_no, case) = next(iter(agent.cases.items()))
    assert (case["phone"], case["fields"]) == (PHONE, {"copies": "2"})
    assert kiosk.find("case_no").text == case_no
    password = kiosk.find("password").text
    assert verify_query_password(password, case["password_hash"])
    assert [kind for kind, _ in agent.printed] == ["case_receipt"]
    assert (agent.printed[0][1]["case_no"], agent.printed[0][1]["query_password"]) == (case_no, password)
    kiosk.tap(kiosk.find("finish"))
    kiosk.wait_until(lambda: kiosk.app.current == "take_card")  # the card is still in: asked back
    kiosk.wait_until(lambda: bool(agent.visits))  # sent from a thread
    assert agent.visits[-1]["outcome"] == "completed" and agent.visits[-1]["service"] == "HR-TRANSCRIPT"


def test_light_identification_prints_the_form(kiosk: Any, agent: FakeAgent) -> None:
    kiosk.tap(kiosk.find("light_id"))
    kiosk.type_keys("A123456788")  # wrong check digit
    kiosk.type_keys("0540312")
    kiosk.tap(kiosk.find("submit"))
    kiosk.wait_until(lambda: kiosk.screen.error is not None)
    assert "身分證字號不正確" in kiosk.screen_text()
    kiosk.tap(kiosk.find("national_id"))
    kiosk.press("clear")
    kiosk.type_keys(NATIONAL_ID)
    kiosk.tap(kiosk.find("submit"))
    kiosk.wait_until(lambda: kiosk.app.current == "catalogue")
    assert "A123******" in kiosk.screen_text() and NATIONAL_ID not in kiosk.screen_text()
    assert not any(b.code == "HR-TRANSCRIPT" for b in kiosk.find("grid").children)  # needs the card
    apply_for(kiosk, "DISABLED-PARKING")
    kiosk.tap(kiosk.find("submit"))
    print_from_plan(kiosk)
    case = next(iter(agent.cases.values()))
    assert case["identity"] == "light"
    assert case["fields"] == {"national_id": NATIONAL_ID, "birth_date": "1965-03-12"}
    assert [kind for kind, _ in agent.printed] == ["case_receipt", "form"]
    assert "申請表已列印" in kiosk.screen_text()


def test_offline_application_is_queued_and_the_citizen_told(kiosk: Any, agent: FakeAgent) -> None:
    login_with_card(kiosk, agent)  # caches the catalogue
    agent.hub_online = False  # the link drops after login
    apply_for(kiosk, "HOUSE-NUMBER")
    kiosk.tap(kiosk.find("submit"))
    print_from_plan(kiosk)
    assert agent.cases == {} and agent.outbox[0][0] == "case.opened"
    text = kiosk.screen_text()
    assert "已收件，連線後自動送出" in text and "目前與中心斷線" in text
    case_no = agent.outbox[0][1]["case_no"]
    assert kiosk.find("case_no").text == case_no
    assert agent.printed[0][0] == "case_receipt" and agent.printed[0][1]["case_no"] == case_no


def light_login(kiosk: Any) -> None:
    kiosk.tap(kiosk.find("light_id"))
    kiosk.type_keys(NATIONAL_ID + "0540312")
    kiosk.tap(kiosk.find("submit"))
    kiosk.wait_until(lambda: kiosk.app.current == "catalogue")


def test_catalogue_from_cache_when_offline_is_marked(kiosk: Any, agent: FakeAgent) -> None:
    light_login(kiosk)  # online: the catalogue is cached
    assert "目前與中心離線" not in kiosk.screen_text()
    cancel(kiosk)
    agent.hub_online = False
    light_login(kiosk)
    assert "目前與中心離線" in kiosk.screen_text()
    assert service_button(kiosk, "JOB-SEEKER") is not None


def test_card_login_while_the_hub_is_away_says_what_to_do(kiosk: Any, agent: FakeAgent) -> None:
    agent.hub_online = False
    agent.insert_card()
    kiosk.wait_until(lambda: kiosk.app.current == "pin")
    kiosk.type_keys("123456")
    kiosk.tap(kiosk.find("submit"))
    kiosk.wait_until(lambda: kiosk.screen.error is not None)
    assert "目前無法連線到中心，請稍後再試" in kiosk.screen_text()


def test_progress_query_by_touch(kiosk: Any, agent: FakeAgent) -> None:
    login_with_card(kiosk, agent)
    apply_for(kiosk, "HR-TRANSCRIPT")
    kiosk.tap(kiosk.find("submit"))
    print_from_plan(kiosk)
    case_no, password = kiosk.find("case_no").text, kiosk.find("password").text
    agent.add_slip(case_no, 15, dt.date(2026, 12, 5))
    agent.remove_card()
    kiosk.wait_until(lambda: kiosk.app.current == "welcome")
    kiosk.tap(kiosk.find("progress"))
    kiosk.type_keys(case_no.replace("-", ""))
    assert kiosk.find("case_no").value == case_no
    kiosk.tap(kiosk.find("password"))
    kiosk.type_keys("ZZZZ2222")
    kiosk.tap(kiosk.find("submit"))
    kiosk.wait_until(lambda: kiosk.screen.error is not None)
    assert "查無此案件" in kiosk.screen_text()
    kiosk.press("clear")
    kiosk.type_keys(password)
    kiosk.tap(kiosk.find("submit"))
    kiosk.wait_until(lambda: bool(kiosk.screen.result))
    result = kiosk.find("result").text
    assert case_no in result and "目前進度：審核中" in result
    assert "繳費單 1：新臺幣 15 元，請於民國115年12月5日前繳費" in result
    kiosk.tap(kiosk.find("print_slips"))
    kiosk.wait_until(lambda: kiosk.app.current == "print_plan")
    kiosk.tap(kiosk.find("go"))
    kiosk.wait_until(lambda: kiosk.app.current == "progress" and bool(kiosk.screen.slips_note))
    assert agent.printed[-1][0] == "slip" and agent.printed[-1][1]["case_no"] == case_no


def test_return_documents_by_touch(kiosk: Any, agent: FakeAgent) -> None:
    agent.scan_pages = ["K251121-7QX4M-Z3P9H", None]
    kiosk.tap(kiosk.find("returns"))
    kiosk.tap(kiosk.find("scan"))
    kiosk.wait_until(lambda: bool(kiosk.screen.result))
    result = kiosk.find("result").text
    assert "第 1 頁：已收件（案件 K251121-7QX4M-Z3P9H）" in result and "第 2 頁：讀不到條碼" in result
    assert agent.scanned == [(0, "K251121-7QX4M-Z3P9H"), (1, None)]
    agent.scanner_problem = "jammed"
    kiosk.tap(kiosk.find("scan"))
    kiosk.wait_until(lambda: kiosk.screen.error is not None)
    assert "掃描器卡紙，請洽店員" in kiosk.screen_text()


def test_technician_mode_by_touch(kiosk: Any, agent: FakeAgent) -> None:
    kiosk.tap(kiosk.find("technician"))
    kiosk.type_keys("1111")
    kiosk.tap(kiosk.find("submit"))
    kiosk.wait_until(lambda: kiosk.screen.error is not None)
    assert kiosk.app.current == "tech_login"
    kiosk.type_keys(TECH_CODE)
    kiosk.tap(kiosk.find("submit"))
    kiosk.wait_until(lambda: kiosk.app.current == "technician")
    status = kiosk.find("status").text
    assert "收據印表機：正常" in status and "讀卡機：正常" in status and "printer" not in status
    kiosk.tap(kiosk.find("lang"))
    assert "Receipt printer: OK" in kiosk.find("status").text
    kiosk.tap(kiosk.find("lang"))
    kiosk.tap(kiosk.find("test_print"))
    kiosk.wait_until(lambda: bool(kiosk.screen.result))
    assert [kind for kind, _ in agent.printed] == ["receipt"]
    kiosk.tap(kiosk.find("test_scan"))
    kiosk.wait_until(lambda: "掃描器正常" in kiosk.screen.result)
    kiosk.tap(kiosk.find("exit"))
    kiosk.wait_until(lambda: kiosk.app.current == "welcome")


def test_language_switch_changes_every_text(kiosk: Any, agent: FakeAgent) -> None:
    kiosk.tap(kiosk.find("lang"))
    assert kiosk.find("light_id").text == "No card?\nUse your ID number"
    login_with_card(kiosk, agent)
    assert "Civil affairs" in kiosk.screen_text() and "民政業務" not in kiosk.screen_text()
    kiosk.tap(next(b for b in kiosk.find("grid").children if b.code == "CIVIL"))
    assert "Household registration transcript" in kiosk.screen_text()
    assert "請領戶籍謄本" not in kiosk.screen_text()
    kiosk.tap(kiosk.find("lang"))
    assert "請領戶籍謄本" in kiosk.screen_text() and "民政業務" in kiosk.screen_text()


def test_welcome_says_out_of_service_while_the_agent_is_down(kiosk: Any, agent: FakeAgent) -> None:
    agent.agent_up = False
    kiosk.wait_until(lambda: bool(kiosk.find("out_of_service").text), timeout=3)
    assert "本機暫停服務" in kiosk.find("out_of_service").text
    agent.agent_up = True
    kiosk.wait_until(lambda: not kiosk.find("out_of_service").text, timeout=3)
