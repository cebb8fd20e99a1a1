"""Kindergarten screens driven by touch: the live board (paged, refreshed) and the draw-result look-up."""

from __future__ import annotations

from typing import Any

import pytest

from kiosk.screens import kg_board
from kiosk.theme import MIN_TARGET_PX
from onestop.dev.fake_agent import FakeAgent
from tests.kiosk.ui.helpers import NATIONAL_ID, PHONE, cancel, personal_texts_left, type_child_and_phone
from tests.kiosk.ui.test_layout import visible_buttons


def test_board_by_touch_pages_and_refreshes(kiosk: Any, agent: FakeAgent, monkeypatch: Any) -> None:
    """GIVEN the welcome screen WHEN "幼兒園招生" is touched THEN the board shows the hub's rows without any
    identification; the pages turn by touch; a registration made meanwhile shows at the next refresh."""
    agent.add_registration("0000000001", "KG001", "2021-03-04", "mixed")
    kiosk.tap(kiosk.find("kindergarten"))
    kiosk.wait_until(lambda: kiosk.app.current == "kg_board" and kiosk.screen.loaded)
    text = kiosk.screen_text()
    assert "市立中正國小附設幼兒園" in text and "3–5 歲混齡" in text and "第 1 / 5 頁" in text
    assert kiosk.app.flow.identity is None
    kiosk.tap(kiosk.find("next"))
    assert "市立和平國小附設幼兒園" in kiosk.screen_text() and "第 2 / 5 頁" in kiosk.screen_text()
    kiosk.tap(kiosk.find("prev"))
    cells = [t for t in kiosk.texts() if t in ("1", "2")]
    assert "1" in cells and "2" not in cells
    agent.add_registration("0000000002", "KG001", "2021-05-06", "mixed")
    kiosk.screen.reload()  # what the 30 s clock event calls
    kiosk.wait_until(lambda: "2" in kiosk.texts())
    assert kiosk.screen._event is not None  # the 30 s refresh runs while the board is shown
    kiosk.tap(kiosk.find("to_result"))
    kiosk.wait_until(lambda: kiosk.app.current == "kg_result")
    assert kiosk.app.sm.get_screen("kg_board")._event is None  # and stops when it is not
    assert kg_board.REFRESH_S == 30.0
    kiosk.tap(kiosk.find("to_board"))
    kiosk.wait_until(lambda: kiosk.app.current == "kg_board")
    board = kiosk.screen
    cancel(kiosk)  # a reset removes the screen without on_leave
    kiosk.wait_until(lambda: kiosk.app.current == "welcome")
    board._tick(30.0)
    assert board._event is None


def test_result_by_touch_then_reset_leaves_nothing(kiosk: Any, agent: FakeAgent) -> None:
    """GIVEN a waitlisted child WHEN the number and ROC birth date are typed on the pad THEN the status and the
    position show; a wrong date says what to check; after "home" no number or date is left in the widget tree."""
    agent.add_registration("0000000107", "KG002", "2021-03-04", status="waitlisted", rank=3)
    kiosk.tap(kiosk.find("kindergarten"))
    kiosk.wait_until(lambda: kiosk.app.current == "kg_board" and kiosk.screen.loaded)
    kiosk.tap(kiosk.find("to_result"))
    kiosk.wait_until(lambda: kiosk.app.current == "kg_result")
    kiosk.type_keys("0000000107" + "1100305")
    kiosk.tap(kiosk.find("submit"))
    kiosk.wait_until(lambda: kiosk.screen.error is not None)
    assert "查無此登記" in kiosk.screen_text()
    kiosk.tap(kiosk.find("birth"))
    kiosk.press("back")
    kiosk.type_keys("4")
    kiosk.tap(kiosk.find("submit"))
    kiosk.wait_until(lambda: bool(kiosk.screen.result))
    text = kiosk.screen_text()
    assert "備取" in text and "順位：第 3 位" in text and "市立大同國小附設幼兒園" in text
    secrets = ["0000000107", "1100304"]
    assert personal_texts_left(kiosk, secrets)
    cancel(kiosk)
    kiosk.wait_until(lambda: kiosk.app.current == "welcome")
    assert personal_texts_left(kiosk, secrets) == []
    assert kiosk.app.sm.screen_names == ["welcome"] and kiosk.app.flow.kindergarten.result is None


@pytest.mark.parametrize("size", [(1280, 800), (1920, 1080)])
@pytest.mark.parametrize("lang", ["zh-TW", "en"])
def test_board_layout_targets_and_no_cut_names(kiosk: Any, agent: FakeAgent, size: Any, lang: str) -> None:
    """GIVEN the board at either size and language THEN every button is ≥ 90 px, the title sits below the bar,
    and every table cell's text fits its row (long English names wrap to two lines, not cut off)."""
    kiosk.resize(size)
    kiosk.app.lang = lang
    kiosk.tap(kiosk.find("kindergarten"))
    kiosk.wait_until(lambda: kiosk.app.current == "kg_board" and kiosk.screen.loaded)
    kiosk.pump(3)
    small = [b.text for b in visible_buttons(kiosk) if b.width < MIN_TARGET_PX or b.height < MIN_TARGET_PX]
    assert small == []
    table = kiosk.find("table")
    assert table.top <= kiosk.app.shell.ids.home.parent.y  # the table does not run under the top bar
    for line in table.children:
        for cell in line.children:
            cell.texture_update()
            rows = cell._label._cached_lines
            drawn = "".join(w.text for row in rows for w in row.words)
            assert drawn.replace(" ", "") == cell.text.replace(" ", ""), f"{cell.text!r} is cut: {drawn!r}"
            assert sum(row.h for row in rows) <= line.height, f"{cell.text!r} overflows its row"


def open_register(kiosk: Any) -> None:
    kiosk.tap(kiosk.find("kindergarten"))
    kiosk.wait_until(lambda: kiosk.app.current == "kg_board" and kiosk.screen.loaded)
    kiosk.tap(kiosk.find("to_register"))
    kiosk.wait_until(lambda: kiosk.app.current == "kg_register")


def test_register_by_touch_confirms_first_and_shows_only_the_masked_id(kiosk: Any, agent: FakeAgent) -> None:
    """GIVEN the board WHEN a parent types the child's ID, birth date and their mobile, chooses a kindergarten
    from the board's list after "next" THEN a confirm step shows what will be sent and says, before
    anything is sent, that other categories need the card or register on site; "submit" registers: the
    number and masked ID show, the receipt prints, the phone reached the hub, the full ID is gone; a second
    registration shows the hub's own refusal text (issue 18, defect 9)."""
    open_register(kiosk)
    kiosk.type_keys(NATIONAL_ID[:-1] + "8" + "1100304")  # a wrong check digit: said before anything else
    kiosk.tap(kiosk.find("submit"))
    kiosk.wait_until(lambda: kiosk.screen.error is not None)
    assert kiosk.app.speaker.spoken[-1] == kiosk.screen.error.key == "error.id_check"  # spoken too
    kiosk.tap(kiosk.find("national_id"))
    kiosk.press("clear")
    kiosk.type_keys(NATIONAL_ID)  # the birth date typed before is still there
    kiosk.tap(kiosk.find("phone"))
    kiosk.type_keys(PHONE)
    kiosk.tap(kiosk.find("submit"))  # "next": choose the kindergarten
    assert kiosk.screen.panel == "choose" and kiosk.app.speaker.spoken[-1] == "speech.kg_choose"
    kiosk.tap(kiosk.find("choices_next"))
    kiosk.tap(next(b for b in kiosk.find("choices").children if b.code == "KG006"))
    kiosk.wait_until(lambda: kiosk.screen.panel == "confirm")
    summary = kiosk.find("summary").text
    assert "A123******" in summary and "市立光復國小附設幼兒園" in summary and PHONE in summary
    assert "一般生" in summary and "現場登記" in kiosk.find("category_note").text
    assert agent.kg_requests == [] and kiosk.app.speaker.spoken[-1] == "speech.kg_confirm"
    assert kiosk.find("change_category").disabled  # no card: general residents only
    kiosk.tap(kiosk.find("edit"))  # back to the pad with everything kept
    assert kiosk.screen.panel == "pad" and kiosk.screen.values["phone"] == PHONE
    kiosk.tap(kiosk.find("submit"))
    kiosk.tap(kiosk.find("choices_next"))
    kiosk.tap(next(b for b in kiosk.find("choices").children if b.code == "KG006"))
    kiosk.wait_until(lambda: kiosk.screen.panel == "confirm")
    kiosk.tap(kiosk.find("confirm"))
    kiosk.wait_until(lambda: bool(kiosk.screen.answer))
    text = kiosk.screen_text()
    assert "登記編號：0000000001" in text and "******6789" in text and "收據已列印" in text
    assert "簡訊通知" in text
    assert personal_texts_left(kiosk, [NATIONAL_ID, PHONE]) == []
    assert [kind for kind, _ in agent.printed] == ["receipt"] and agent.kg_requests[0].phone == PHONE
    kiosk.tap(kiosk.find("finish"))
    kiosk.wait_until(lambda: kiosk.app.current == "welcome")
    assert personal_texts_left(kiosk, ["0000000001", "******6789", "1100304"]) == []

    open_register(kiosk)
    type_child_and_phone(kiosk)
    kiosk.tap(kiosk.find("submit"))
    kiosk.tap(next(b for b in kiosk.find("choices").children if b.code == "KG001"))
    kiosk.wait_until(lambda: kiosk.screen.panel == "confirm")
    kiosk.tap(kiosk.find("confirm"))
    kiosk.wait_until(lambda: kiosk.screen.error is not None)
    assert "此幼兒已於 KG006 登記（編號 0000000001）" in kiosk.screen_text()


def test_a_parent_with_the_card_registers_another_online_category(kiosk: Any, agent: FakeAgent) -> None:
    """GIVEN the registration screen WHEN the parent inserts the citizen card there, enters the PIN THEN the
    kiosk comes back to the registration logged in; the confirm step offers the online categories of seed
    003; a low-income registration goes with the card session; removing the card wipes it all."""
    open_register(kiosk)
    agent.insert_card()
    kiosk.wait_until(lambda: kiosk.app.current == "pin")
    kiosk.type_keys("123456")
    kiosk.tap(kiosk.find("submit"))
    kiosk.wait_until(lambda: kiosk.app.current == "kg_register")
    type_child_and_phone(kiosk)
    kiosk.tap(kiosk.find("submit"))
    kiosk.tap(next(b for b in kiosk.find("choices").children if b.code == "KG002"))
    kiosk.wait_until(lambda: kiosk.screen.panel == "confirm")
    assert "多胞胎" in kiosk.find("category_note").text  # the on-site ones, said before sending
    kiosk.tap(kiosk.find("change_category"))
    shown = {b.code for b in kiosk.find("choices").children}
    assert {"g_resident", "na_low_income"} <= shown and "p3_staff_child" not in shown
    kiosk.tap(next(b for b in kiosk.find("choices").children if b.code == "na_low_income"))
    assert kiosk.screen.panel == "confirm" and "低收入戶子女" in kiosk.find("summary").text
    kiosk.tap(kiosk.find("confirm"))
    kiosk.wait_until(lambda: bool(kiosk.screen.answer))
    (sent,) = agent.kg_requests
    assert sent.category == "na_low_income" and sent.citizen_session
    agent.remove_card()
    kiosk.wait_until(lambda: kiosk.app.current == "welcome", timeout=2.0)
    assert personal_texts_left(kiosk, ["******6789", "0000000001"]) == []


def test_the_board_says_not_drawn_yet_instead_of_none(kiosk: Any, agent: FakeAgent) -> None:
    """GIVEN a board before the draw (vacancies unknown) WHEN shown in either language THEN the vacancy
    cells say "not drawn yet", never 「尚無」 (read as "no places left")."""
    kiosk.tap(kiosk.find("kindergarten"))
    kiosk.wait_until(lambda: kiosk.app.current == "kg_board" and kiosk.screen.loaded)
    texts = kiosk.texts()
    assert "尚未抽籤" in texts and "尚無" not in texts
    kiosk.tap(kiosk.find("lang"))
    assert "not drawn" in kiosk.texts()
