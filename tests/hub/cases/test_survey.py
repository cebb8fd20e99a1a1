"""The public satisfaction questionnaire page and its results on the SLA page."""

from __future__ import annotations

import re
from collections.abc import Callable

from fastapi.testclient import TestClient

SERVICE = "LAB-JOB-REGISTER"


def _closed_case(client: TestClient, auth: dict[str, str]) -> tuple[str, str]:
    body = {"service": SERVICE, "channel": "counter", "applicant": {"name": "王小明"}, "consent": True}
    created = client.post("/api/v1/cases", json=body, headers=auth).json()
    no = created["case_no"]
    assert client.post(
        f"/api/v1/cases/{no}/milestones", json={"milestone": "closed"}, headers=auth
    ).is_success
    return no, created["query_password"]


def test_citizen_answers_from_the_progress_page_and_staff_see_it(
    client: TestClient, counter_auth: dict[str, str], make_token: Callable[[str, str], str]
) -> None:
    """GIVEN a closed case WHEN the citizen follows the progress page's link and sends the form
    THEN a thank-you page, a repeat is refused, and the SLA page lists the answer for the agency."""
    no, password = _closed_case(client, counter_auth)
    progress = client.post("/progress", data={"case_no": no, "password": password})
    assert f'href="/satisfaction?case_no={no}"' in progress.text
    form = client.get(f"/satisfaction?case_no={no}")
    assert form.status_code == 200 and f'value="{no}"' in form.text and 'lang="zh-Hant-TW"' in form.text
    for field_id in re.findall(r'<(?:input|textarea)[^>]* id="([^"]+)"', form.text):
        assert f'for="{field_id}"' in form.text, f"{field_id} has no label"
    assert form.text.count("<fieldset") == 2 and form.text.count("<legend>") == 2
    answer = {
        "case_no": no,
        "password": password,
        "score": "4",
        "reasons": ["fast", "notified"],
        "comment": "",
    }
    done = client.post("/satisfaction", data=answer)
    assert done.status_code == 200 and "感謝您的填答" in done.text and no in done.text
    again = client.post("/satisfaction", data=answer)
    assert again.status_code == 409 and "這個案件已經填過問卷" in again.text
    client.post("/staff/login", data={"token": make_token("lin.super", "supervisor")})
    sla = client.get("/staff/reports/sla").text.split('id="h-satisfaction"')[1]
    row = re.search(
        r"<tr><td translate=\"no\">勞動局就業服務處</td><td class=\"num\">(\d+)</td><td class=\"num\">([\d.]+)</td>",
        sla,
    )
    assert row is not None and row.groups() == ("1", "4.00")


def test_form_errors_keep_the_answers_and_store_nothing(
    client: TestClient, counter_auth: dict[str, str]
) -> None:
    no, password = _closed_case(client, counter_auth)
    missing = client.post("/satisfaction", data={"case_no": no, "password": password, "reasons": ["fast"]})
    assert missing.status_code == 422 and "Please choose" in missing.text
    assert 'value="fast" checked' in missing.text
    wrong = client.post("/satisfaction", data={"case_no": no, "password": "WRONGPWD", "score": "5"})
    assert wrong.status_code == 404 and "No case with this number and password" in wrong.text
    assert 'value="5" required checked' in wrong.text
    assert (
        client.post("/satisfaction", data={"case_no": no, "password": password, "score": "5"}).status_code
        == 200
    )
