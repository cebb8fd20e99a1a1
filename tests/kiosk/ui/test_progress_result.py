"""Issue 18, defect 10 by touch: the progress answer shows each unpaid slip's amount and deadline, the staff's
supplement note and dates in the ROC calendar (zh-TW); the query password is hidden once shown."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from onestop.dev.fake_agent import FakeAgent
from tests.kiosk.ui.helpers import apply_for, login_with_card, print_from_plan
from tests.kiosk.ui.test_code_entry import file_an_application

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def chinese_on_screen(kiosk: Any) -> list[str]:
    """Every text drawn with a Chinese character, but the language button (it names its language)."""
    return [t for t in kiosk.texts() if CJK.search(t) and t != kiosk.find("lang").text]


def test_answer_shows_amounts_deadlines_note_in_roc_and_hides_the_password(
    kiosk: Any, agent: FakeAgent
) -> None:
    login_with_card(kiosk, agent)
    apply_for(kiosk, "HR-TRANSCRIPT")
    kiosk.tap(kiosk.find("submit"))
    print_from_plan(kiosk)
    case_no, password = kiosk.find("case_no").text, kiosk.find("password").text
    assert len(password) == 8 and "●" not in password  # shown once, in full
    agent.add_slip(case_no, 1_200, dt.date(2026, 12, 18))
    agent.case_answers[case_no] = {"milestone_name": "待補正", "milestone_name_en": "Waiting for documents",
                                   "waiting_for_supplement": True, "supplement_note": "請補附戶長同意書正本"}  # fmt: skip
    agent.remove_card()
    kiosk.wait_until(lambda: kiosk.app.current == "welcome")
    kiosk.tap(kiosk.find("progress"))
    kiosk.type_keys(case_no.replace("-", "") + password)
    assert kiosk.find("password").value == password  # visible while typing, to check it against the receipt
    kiosk.tap(kiosk.find("submit"))
    kiosk.wait_until(lambda: bool(kiosk.screen.result))
    result = kiosk.find("result").text
    assert "承辦人員說明：請補附戶長同意書正本" in result and "等待您補正文件" in result
    assert "繳費單 1：新臺幣 1,200 元，請於民國115年12月18日前繳費" in result
    assert "預定完成日：民國115年12月4日" in result and "2026" not in result
    assert kiosk.find("password").value == "●" * 8 and password not in kiosk.screen_text()
    kiosk.tap(kiosk.find("lang"))
    result = kiosk.find("result").text
    assert (
        "Slip 1: NT$1,200, pay by 18 Dec 2026" in result and "The office left you a note in Chinese" in result
    )
    assert "Now: Waiting for documents" in result and chinese_on_screen(kiosk) == []
    kiosk.tap(kiosk.find("home"))  # cancel asks once; the answer and the password are gone after
    kiosk.tap(kiosk.app.cancel_view.ids.wipe)
    kiosk.wait_until(lambda: kiosk.app.current == "welcome")
    assert password not in kiosk.screen_text()


def test_done_screen_masks_the_password_once_it_was_left(kiosk: Any, agent: FakeAgent) -> None:
    """GIVEN the done screen showed the password WHEN the citizen leaves it (the slip check) and comes back
    THEN the password is masked and the screen says it is on the receipt."""
    login_with_card(kiosk, agent)
    agent.printer_problem = "paper_out"  # the receipt waits for paper while the done screen shows
    apply_for(kiosk, "HR-TRANSCRIPT")
    kiosk.tap(kiosk.find("submit"))
    print_from_plan(kiosk)
    password = kiosk.find("password").text
    assert "●" not in password and len(password) == 8
    (job,) = kiosk.app.flow.print_jobs
    agent.printer_problem = None
    agent.interrupt_cut(job)  # paper came out, then the agent died at the cut: the kiosk asks
    kiosk.wait_until(lambda: kiosk.app.current == "print_check", timeout=5.0)
    kiosk.tap(kiosk.find("have_it"))
    kiosk.wait_until(lambda: kiosk.app.current == "done")
    assert kiosk.find("password").text == "●" * 8 and password not in kiosk.screen_text()
    texts = [t for t in kiosk.texts() if "隱藏" in t or "●" in t]
    assert "查詢密碼已隱藏，它印在您的收據上" in kiosk.screen_text(), texts


def test_the_english_answer_is_all_english_and_the_chinese_one_all_chinese(
    kiosk: Any, agent: FakeAgent
) -> None:
    """GIVEN a case filed by touch WHEN it is looked up on the English screen THEN the service and the step
    are in English (no Chinese character anywhere on the screen, issue 18 defect 7); switched to 中文 the
    same answer names them in Chinese."""
    case_no, password = file_an_application(kiosk, agent)
    kiosk.tap(kiosk.find("lang"))
    kiosk.tap(kiosk.find("progress"))
    kiosk.type_keys(case_no.replace("-", "") + password)
    kiosk.tap(kiosk.find("submit"))
    kiosk.wait_until(lambda: bool(kiosk.screen.result))
    result = kiosk.find("result").text
    assert "Household registration transcript" in result and "Now: Under review" in result
    assert chinese_on_screen(kiosk) == []
    kiosk.tap(kiosk.find("lang"))
    result = kiosk.find("result").text
    assert "請領戶籍謄本" in result and "目前進度：審核中" in result and "Under review" not in result
