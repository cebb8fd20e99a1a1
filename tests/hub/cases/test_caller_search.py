"""The 1999 operator finds a caller's case by name + phone or name + ID last 4 (issue 18, defect 13).

Over HTTP on both databases: the search is role-checked and agency-scoped, never lists more than three
cases, refuses a name alone (and malformed phone or digits) with a clear message and no audit entry, and
logs every search it ran without the personal data asked for.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from hub.cases.caller_search import MAX_MATCHES
from hub.cases.models import Case
from hub.staff.accounts import create_user
from hub.staff.models import AuditEntry

EN = {"onestop_lang": "en"}


def _login(client: TestClient, token: str) -> None:
    assert client.post("/staff/login", data={"token": token}, follow_redirects=False).status_code == 303


def _intake(client: TestClient, name: str, phone: str, service: str = "SW-EMERGENCY-AID") -> str:
    form = {"service": service, "channel": "counter", "name": name, "phone": phone, "email": "", "copies": "1",
            "consent": "yes"}  # fmt: skip
    page = client.post("/staff/intake", data=form)
    assert page.status_code == 200, page.text
    return re.search(r'id="case-no">([^<]+)<', page.text).group(1)  # type: ignore[union-attr]


def _searches(sessions: sessionmaker[Session]) -> list[AuditEntry]:
    with sessions() as session:
        return list(session.scalars(select(AuditEntry).where(AuditEntry.action == "case.search")))


def _rows(html: str) -> list[str]:
    return re.findall(r'<tr data-case="([^"]+)"', html)


def test_name_and_phone_find_the_callers_case_and_are_logged(
    client: TestClient, make_token: Callable[[str, str], str], sessions: sessionmaker[Session]
) -> None:
    """GIVEN two cases of 林美玲 with different phones and one of another person WHEN the operator searches
    林美玲 + one phone (typed with dashes) THEN only that case is listed, its phone shown masked, and the
    audit log says who searched, why, how and what was found — not the name or the phone."""
    _login(client, make_token("chen.counter", "counter"))
    mine = _intake(client, "林美玲", "0912345678")
    other = _intake(client, "林美玲", "0922000111")
    _intake(client, "王大同", "0912345678")
    _login(client, make_token("op.1999", "operator"))
    page = client.get(
        "/staff/lookup", params={"name": " 林美玲 ", "phone": "0912-345-678", "reason": "市民來電"}
    )
    assert page.status_code == 200, page.text
    assert _rows(page.text) == [mine] and other not in page.text
    assert "0912***678" in page.text and "0912345678" not in page.text
    [entry] = _searches(sessions)
    assert entry.actor == "op.1999" and entry.target == mine
    assert entry.detail == {"reason": "市民來電", "by": "name+phone", "matches": 1}
    assert "林美玲" not in str(entry.detail) and "0912" not in str(entry.detail)
    opened = client.get(f"/staff/lookup?case_no={mine}&reason=市民來電")  # the row's link: the logged look-up
    assert opened.status_code == 200 and 'id="progress-result"' in opened.text


def test_name_and_id_last_4_find_an_online_case(
    client: TestClient, make_token: Callable[[str, str], str], sessions: sessionmaker[Session]
) -> None:
    """A case that recorded the ID's last 4 digits (online cases do) is found by name + those digits."""
    _login(client, make_token("chen.counter", "counter"))
    no = _intake(client, "陳怡君", "")
    with sessions() as session, session.begin():
        session.execute(update(Case).where(Case.case_no == no).values(fields={"id_last4": "4821"}))
    _login(client, make_token("op.1999", "operator"))
    found = client.get("/staff/lookup", params={"name": "陳怡君", "id_last4": "4821"})
    assert _rows(found.text) == [no]
    assert _rows(client.get("/staff/lookup", params={"name": "陳怡君", "id_last4": "4822"}).text) == []
    assert [e.detail["by"] for e in _searches(sessions)] == ["name+id_last4", "name+id_last4"]


def test_vague_or_malformed_queries_are_refused_with_a_message_and_not_run(
    client: TestClient, make_token: Callable[[str, str], str], sessions: sessionmaker[Session]
) -> None:
    _login(client, make_token("op.1999", "operator"))
    cases = {
        "name alone": ({"name": "林美玲"}, "只有姓名太模糊"),
        "one character": ({"name": "林", "phone": "0912345678"}, "至少 2 個字"),
        "short phone": ({"name": "林美玲", "phone": "345678"}, "電話請輸入完整號碼"),
        "letters for digits": ({"name": "林美玲", "id_last4": "12a4"}, "末四碼是 4 個數字"),
    }
    for what, (params, message) in cases.items():
        page = client.get("/staff/lookup", params=params)
        assert page.status_code == 422 and message in page.text, what
        assert 'role="alert"' in page.text and _rows(page.text) == [], what
    english = client.get("/staff/lookup", params={"name": "林美玲"}, cookies=EN)
    assert english.status_code == 422 and "A name alone is too vague" in english.text
    assert _searches(sessions) == []  # nothing was searched, nothing logged
    too_long = client.get("/staff/lookup", params={"name": "林" * 61, "phone": "0912345678"})
    assert too_long.status_code == 422  # over the field's limit: refused before anything runs


def test_more_than_three_matches_are_never_listed(
    client: TestClient, make_token: Callable[[str, str], str], sessions: sessionmaker[Session]
) -> None:
    """GIVEN four cases of the same name and phone WHEN the operator searches THEN none is listed, the page
    asks for the case number, and the refusal is logged with the count."""
    _login(client, make_token("chen.counter", "counter"))
    for _ in range(MAX_MATCHES + 1):
        _intake(client, "張志明", "0933555666")
    _login(client, make_token("op.1999", "operator"))
    page = client.get("/staff/lookup", params={"name": "張志明", "phone": "0933555666"})
    assert page.status_code == 409 and "請向來電者問案件編號" in page.text and _rows(page.text) == []
    [entry] = _searches(sessions)
    assert entry.detail["matches"] == MAX_MATCHES + 1 and entry.target == "-"


def test_staff_of_one_agency_find_only_its_cases_and_other_roles_are_refused(
    client: TestClient, make_token: Callable[[str, str], str], sessions: sessionmaker[Session]
) -> None:
    _login(client, make_token("chen.counter", "counter"))
    no = _intake(client, "黃淑芬", "0955777888")  # a social-welfare case
    with sessions() as session, session.begin():
        other_agency = create_user(session, "op.land", "operator", agency="地政事務所")
        tech = create_user(session, "amy.tech", "technician")
    _login(client, other_agency)
    assert _rows(client.get("/staff/lookup", params={"name": "黃淑芬", "phone": "0955777888"}).text) == []
    _login(client, make_token("op.1999", "operator"))  # a city-wide operator
    assert _rows(client.get("/staff/lookup", params={"name": "黃淑芬", "phone": "0955777888"}).text) == [no]
    _login(client, tech)
    assert client.get("/staff/lookup", params={"name": "黃淑芬", "phone": "0955777888"}).status_code == 403


def test_the_case_page_says_why_an_sms_is_pending(
    client: TestClient, make_token: Callable[[str, str], str]
) -> None:
    """GIVEN a hub with no SMS provider WHEN counter staff open a case whose applicant left a mobile THEN the
    SMS row is marked and says the message will not go out and who to tell, in the reader's language."""
    _login(client, make_token("chen.counter", "counter"))
    no = _intake(client, "林美玲", "0912345678")
    page = client.get(f"/staff/cases/{no}").text
    row = re.search(r'<tr class="notification pending" data-channel="sms">(.*?)</tr>', page, re.S)
    assert row is not None, page
    assert "⚠" in row.group(1) and "未設定簡訊服務商，這則通知不會送出" in row.group(1)
    english = client.get(f"/staff/cases/{no}", cookies=EN).text
    assert "No SMS provider is configured, so this message will not go out" in english
