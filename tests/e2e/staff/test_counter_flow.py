"""Headless Chromium against the real hub under uvicorn: counter staff open and advance a case, and the
citizen's progress query (web page and API) shows the new milestone."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine

from hub.api.app import create_app
from hub.core.config import load_settings
from hub.db.session import make_session_factory
from hub.staff.accounts import create_user
from onestop.dev.hub_server import live_server

pytestmark = pytest.mark.slow


@pytest.fixture
def hub_url(db_url: str, hub_engine: Engine) -> Iterator[str]:
    app = create_app(load_settings(db_url=db_url), engine=hub_engine)
    with live_server(app) as url:
        yield url


def test_counter_opens_and_advances_a_case_and_the_citizen_sees_it(
    hub_url: str, hub_engine: Engine, browser: object, tmp_path: Path
) -> None:
    with make_session_factory(hub_engine)() as session, session.begin():
        token = create_user(session, "chen.counter", "counter", "陳櫃台")
    staff = browser.new_context(locale="zh-TW").new_page()  # type: ignore[attr-defined]
    staff.goto(f"{hub_url}/staff/cases")
    assert staff.url.endswith("/staff/login")  # not signed in yet
    staff.fill("#token", token)
    staff.click("main button[type=submit]")
    staff.wait_for_url("**/staff/cases")

    staff.goto(f"{hub_url}/staff/intake")
    staff.select_option("#service", "SW-EMERGENCY-AID")
    staff.fill("#name", "林美玲")
    staff.fill("#phone", "0912345678")
    staff.check("input[name=consent]")
    staff.click("main button[type=submit]")
    case_no = staff.inner_text("#case-no")
    password = staff.inner_text("#query-password")
    assert len(password) == 8

    staff.click("text=前往案件")
    staff.wait_for_url(f"**/staff/cases/{case_no}")
    staff.select_option("#milestone", "supplement")
    staff.click("text=預覽通知")
    staff.fill("#note", "請補存摺封面影本")
    assert "需要補正以下資料" in staff.input_value("#email")  # the supplement template, editable
    staff.click("main form[action$='/advance'] button[type=submit]")
    staff.wait_for_selector("text=待補正，期限暫停")
    staff.screenshot(path=str(tmp_path / "case.png"), full_page=True)

    citizen = browser.new_context(locale="zh-TW").new_page()  # type: ignore[attr-defined]
    citizen.goto(f"{hub_url}/progress")
    citizen.fill("#case_no", case_no)
    citizen.fill("#password", password)
    citizen.click("main button[type=submit]")
    assert citizen.inner_text("#current-milestone") == "待補正"
    assert "請補存摺封面影本" in citizen.inner_text("#progress-result")

    api = httpx.post(f"{hub_url}/api/v1/progress", json={"case_no": case_no, "password": password}).json()
    assert api["milestone"] == "supplement" and api["waiting_for_supplement"] is True
    assert [t["milestone"] for t in api["timeline"]] == ["received", "supplement"]


def test_citizen_answers_the_questionnaire_after_closing_and_the_sla_page_shows_it(
    hub_url: str, hub_engine: Engine, browser: object
) -> None:
    """GIVEN a closed case WHEN the citizen follows the progress page's questionnaire link in Chromium,
    answers by label and sends THEN a thank-you, and the supervisor's SLA page counts the answer."""
    with make_session_factory(hub_engine)() as session, session.begin():
        token = create_user(session, "lin.super", "supervisor", "林主任")
    auth = {"Authorization": f"Bearer {token}"}
    body = {
        "service": "LAB-JOB-REGISTER",
        "channel": "counter",
        "applicant": {"name": "王小明"},
        "consent": True,
    }
    created = httpx.post(f"{hub_url}/api/v1/cases", json=body, headers=auth).json()
    case_no, password = created["case_no"], created["query_password"]
    closed = httpx.post(
        f"{hub_url}/api/v1/cases/{case_no}/milestones", json={"milestone": "closed"}, headers=auth
    )
    assert closed.status_code == 200

    citizen = browser.new_context(locale="zh-TW").new_page()  # type: ignore[attr-defined]
    citizen.goto(f"{hub_url}/progress")
    citizen.fill("#case_no", case_no)
    citizen.fill("#password", password)
    citizen.click("main button[type=submit]")
    citizen.click("text=填寫滿意度問卷")
    citizen.wait_for_url("**/satisfaction?case_no=*")
    assert citizen.input_value("#case_no") == case_no
    citizen.fill("#password", password)
    citizen.get_by_label("滿意 Satisfied", exact=True).check()
    citizen.get_by_label("辦理迅速").check()
    citizen.fill("#comment", "很快就辦好了")
    citizen.click("main button[type=submit]")
    assert "感謝您的填答" in citizen.inner_text("main")

    staff = browser.new_context(locale="zh-TW").new_page()  # type: ignore[attr-defined]
    staff.goto(f"{hub_url}/staff/login")
    staff.fill("#token", token)
    staff.click("main button[type=submit]")
    staff.goto(f"{hub_url}/staff/reports/sla")
    table = staff.locator("table[aria-labelledby=h-satisfaction]").inner_text()
    assert "勞動局就業服務處" in table and "4.00" in table and "100.0%" in table
