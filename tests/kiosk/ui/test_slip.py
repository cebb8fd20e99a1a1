"""The store kiosk's slip screen by touch: from 「更多服務」, case number and the password chosen online on the
code pad, a wrong one says how many tries remain, the right one prints the slip through the agent."""

from __future__ import annotations

import datetime as dt
from typing import Any

from onestop.dev.fake_agent import FakeAgent
from wire.payloads.cases import Origin, make_case_no


def test_slip_by_case_number_and_chosen_password_by_touch(kiosk: Any, agent: FakeAgent) -> None:
    case_no = make_case_no(Origin.ONLINE, dt.date(2026, 12, 1))
    agent.online_cases[case_no] = ("申辦門牌證明", "MEG2468")
    agent.add_slip(case_no, 30, dt.date(2026, 12, 20))
    kiosk.tap(kiosk.find("more"))
    kiosk.wait_until(lambda: kiosk.app.current == "services")
    kiosk.tap(kiosk.find("slip"))
    kiosk.wait_until(lambda: kiosk.app.current == "slip")
    assert "自訂密碼" in kiosk.screen_text() and "查詢密碼" not in kiosk.screen_text()
    kiosk.type_keys(case_no.replace("-", ""))
    kiosk.tap(kiosk.find("password"))
    kiosk.type_keys("MEG2469")
    kiosk.tap(kiosk.find("submit"))
    kiosk.wait_until(lambda: kiosk.screen.error is not None)
    assert "此案號還可再試 4 次" in kiosk.screen_text() and not agent.printed
    kiosk.press("clear")
    kiosk.type_keys("MEG2468")
    kiosk.tap(kiosk.find("submit"))
    kiosk.wait_until(lambda: bool(kiosk.screen.result))
    assert case_no in kiosk.find("result").text and "繳費單 1：新臺幣 30 元" in kiosk.find("result").text
    kiosk.tap(kiosk.find("print_slips"))  # what prints and costs first (issue 18, defect 4)
    kiosk.wait_until(lambda: kiosk.app.current == "print_plan")
    assert not agent.printed
    kiosk.tap(kiosk.find("go"))
    kiosk.wait_until(lambda: kiosk.app.current == "slip" and bool(kiosk.screen.slips_note))
    kind, body = agent.printed[-1]
    assert kind == "slip" and body["case_no"] == case_no and body["amount"] == 30
