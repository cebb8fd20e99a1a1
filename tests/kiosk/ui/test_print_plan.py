"""Issue 18, defect 4 by touch: before anything prints, a screen says what will print and what it costs,
with "print" and "back"; nothing prints until "print"."""

from __future__ import annotations

import datetime as dt
from typing import Any

from onestop.dev.fake_agent import FakeAgent
from tests.kiosk.ui.helpers import apply_for, login_with_card, service_button


def test_application_shows_sheets_and_costs_before_printing(kiosk: Any, agent: FakeAgent) -> None:
    """GIVEN a light application with a one-page form and a fee of NT$100 a copy, two copies WHEN the citizen
    confirms THEN the plan lists the receipt (free) and the form page at NT$2 (seed 004), NT$2 to pay, the
    NT$200 fee paid later, the NT$11 return scan; nothing printed or filed yet; "back" returns to confirm
    with everything kept; "print" files and prints exactly what was listed."""
    kiosk.tap(kiosk.find("light_id"))
    kiosk.type_keys("A123456789" + "0540312")
    kiosk.tap(kiosk.find("submit"))
    kiosk.wait_until(lambda: kiosk.app.current == "catalogue")
    apply_for(kiosk, "ZONING-CERT", more_copies=1)
    kiosk.tap(kiosk.find("submit"))
    kiosk.wait_until(lambda: kiosk.app.current == "print_plan")
    text = kiosk.screen_text()
    assert "受理憑單（收據）1 張" in text and "免費" in text
    assert "申請表「土地使用分區證明申請書」1 頁" in text and "每頁 2 元，共 2 元" in text
    assert "列印費用合計：新臺幣 2 元" in text and "規費 200 元現在不收" in text and "掃描費 11 元" in text
    assert kiosk.app.step == 4  # still confirming the application
    assert agent.printed == [] and agent.cases == {}
    kiosk.tap(kiosk.find("back"))
    kiosk.wait_until(lambda: kiosk.app.current == "confirm")
    assert "NT$200" in kiosk.find("summary").text
    kiosk.tap(kiosk.find("submit"))
    kiosk.wait_until(lambda: kiosk.app.current == "print_plan")
    kiosk.tap(kiosk.find("lang"))
    assert "Printing costs NT$2 in all" in kiosk.screen_text() and kiosk.find("go").text == "Submit and print"
    kiosk.tap(kiosk.find("go"))
    kiosk.wait_until(lambda: kiosk.app.current == "done")
    assert [kind for kind, _ in agent.printed] == ["case_receipt", "form"] and len(agent.cases) == 1


def test_slips_show_amounts_before_printing(kiosk: Any, agent: FakeAgent) -> None:
    """GIVEN a queried case with two unpaid slips WHEN the citizen taps "print payment slips" THEN the plan
    lists both slips (free to print) and the NT$345 to pay at the counter; "back" keeps the answer; "print"
    prints both and returns to it."""
    login_with_card(kiosk, agent)
    kiosk.tap(service_button(kiosk, "HOUSE-NUMBER"))
    kiosk.wait_until(lambda: kiosk.app.current == "apply")
    kiosk.type_keys("0912345678")
    kiosk.tap(kiosk.find("submit"))
    kiosk.wait_until(lambda: kiosk.app.current == "confirm")
    kiosk.tap(kiosk.find("submit"))
    kiosk.wait_until(lambda: kiosk.app.current == "print_plan")
    kiosk.tap(kiosk.find("go"))
    kiosk.wait_until(lambda: kiosk.app.current == "done")
    case_no, password = kiosk.find("case_no").text, kiosk.find("password").text
    agent.add_slip(case_no, 300, dt.date(2026, 12, 18))
    agent.add_slip(case_no, 45, dt.date(2026, 12, 18))
    agent.remove_card()
    kiosk.wait_until(lambda: kiosk.app.current == "welcome")
    kiosk.tap(kiosk.find("progress"))
    kiosk.type_keys(case_no.replace("-", "") + password)
    kiosk.tap(kiosk.find("submit"))
    kiosk.wait_until(lambda: bool(kiosk.screen.result))
    printed_before = len(agent.printed)
    kiosk.tap(kiosk.find("print_slips"))
    kiosk.wait_until(lambda: kiosk.app.current == "print_plan")
    text = kiosk.screen_text()
    assert text.count("超商繳費單 1 張") == 2 and "列印不收費" in text and "合計新臺幣 345 元" in text
    assert kiosk.find("go").text == "列印" and len(agent.printed) == printed_before
    kiosk.tap(kiosk.find("back"))
    kiosk.wait_until(lambda: kiosk.app.current == "progress")
    assert case_no in kiosk.find("result").text  # the answer waited
    kiosk.tap(kiosk.find("print_slips"))
    kiosk.wait_until(lambda: kiosk.app.current == "print_plan")
    kiosk.tap(kiosk.find("go"))
    kiosk.wait_until(lambda: kiosk.app.current == "progress" and bool(kiosk.screen.slips_note))
    assert [kind for kind, _ in agent.printed[printed_before:]] == ["slip", "slip"]


def test_fine_slips_show_their_total_before_printing(kiosk: Any, agent: FakeAgent) -> None:
    """GIVEN two ticked fines WHEN the citizen taps print THEN the plan lists a receipt and slip per fine and
    the total to pay at the counter; nothing prints until "print", then both print and the list says so."""
    kiosk.app.goto("fines")
    kiosk.type_keys("A123456789")
    kiosk.tap(kiosk.find("submit"))
    kiosk.wait_until(lambda: kiosk.app.current == "fines_list")
    fines = [f for f in kiosk.app.flow.fines.visible() if f.store][:2]
    for fine in fines:
        kiosk.tap(next(w for w in kiosk.find("table").children if getattr(w, "fine_no", "") == fine.fine_no))
    kiosk.tap(kiosk.find("print"))
    kiosk.wait_until(lambda: kiosk.app.current == "print_plan")
    text = kiosk.screen_text()
    total = sum(f.amount for f in fines)
    assert all(f"罰單 {f.fine_no}" in text for f in fines) and f"合計新臺幣 {total:,} 元" in text
    assert agent.printed == []
    kiosk.tap(kiosk.find("go"))
    kiosk.wait_until(lambda: kiosk.app.current == "fines_list" and bool(kiosk.screen.printed_note))
    assert [kind for kind, _ in agent.printed] == ["slip", "slip"]
