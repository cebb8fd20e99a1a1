"""Staff pages over HTTP: sign-in, roles, intake, list with overdue highlighting, advance, look-up, reports."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from hub.cases.models import Case
from hub.staff.models import AuditEntry


def _login(client: TestClient, token: str) -> None:
    response = client.post("/staff/login", data={"token": token}, follow_redirects=False)
    assert response.status_code == 303


def _intake(client: TestClient, **over: str) -> str:
    form = {
        "service": "SW-EMERGENCY-AID",
        "channel": "counter",
        "name": "林美玲",
        "phone": "0912345678",
        "email": "",
        "copies": "1",
        "consent": "yes",
        **over,
    }
    page = client.post("/staff/intake", data=form)
    assert page.status_code == 200, page.text
    match = re.search(r'id="case-no">([^<]+)<', page.text)
    assert match and re.search(r'id="query-password">([2-9A-Z]{8})<', page.text)
    return match.group(1)


def test_pages_need_sign_in_and_the_right_role(
    client: TestClient, make_token: Callable[[str, str], str]
) -> None:
    assert client.get("/staff/cases", follow_redirects=False).headers["location"] == "/staff/login"
    assert client.post("/staff/login", data={"token": "wrong"}).status_code == 401
    _login(client, make_token("op.1999", "operator"))
    assert client.get("/staff/cases").status_code == 403
    assert client.get("/staff/lookup").status_code == 200
    assert client.get("/staff/audit").status_code == 403


def test_intake_list_case_page_and_advance(
    client: TestClient, make_token: Callable[[str, str], str], sessions: sessionmaker[Session]
) -> None:
    _login(client, make_token("chen.counter", "counter"))
    refused = client.post("/staff/intake", data={"service": "SW-EMERGENCY-AID", "name": "甲", "consent": ""})
    assert refused.status_code == 422 and "consent" in refused.text
    no = _intake(client)
    listing = client.get("/staff/cases")
    assert no in listing.text
    case_page = client.get(f"/staff/cases/{no}")
    assert "審查中" in case_page.text and 'aria-current="step"' in case_page.text
    preview = client.get(f"/staff/cases/{no}", params={"milestone": "supplement", "note": "請補存摺影本"})
    assert "需要補正以下資料" in preview.text and "請補存摺影本" in preview.text
    moved = client.post(
        f"/staff/cases/{no}/advance", data={"milestone": "supplement", "note": "請補存摺影本"}
    )
    assert moved.status_code == 200 and "待補正，期限暫停" in moved.text
    reprint = client.post(f"/staff/cases/{no}/receipt")
    assert "補印" in reprint.text and "re-print #1" in reprint.text
    with sessions() as session:
        case = session.scalar(select(Case).where(Case.case_no == no))
        assert case is not None and case.milestone == "supplement"


def test_overdue_cases_are_highlighted(
    client: TestClient, make_token: Callable[[str, str], str], sessions: sessionmaker[Session]
) -> None:
    _login(client, make_token("lee.super", "supervisor"))
    late, fresh = _intake(client), _intake(client)
    with sessions() as session, session.begin():
        case = session.scalar(select(Case).where(Case.case_no == late))
        assert case is not None
        case.received_on, case.due_on = date(2025, 10, 1), date(2025, 10, 8)
    overdue = client.get("/staff/cases", params={"status": "overdue"}).text
    assert late in overdue and fresh not in overdue and 'class="overdue"' in overdue
    report = client.get("/staff/reports/sla").text
    assert "<svg" in report and "逾期未結 1" in report


def test_operator_lookup_page_is_logged(
    client: TestClient, make_token: Callable[[str, str], str], sessions: sessionmaker[Session]
) -> None:
    _login(client, make_token("chen.counter", "counter"))
    no = _intake(client)
    _login(client, make_token("op.1999", "operator"))
    found = client.get("/staff/lookup", params={"case_no": no, "reason": "市民來電"})
    assert found.status_code == 200 and "已受理" in found.text
    with sessions() as session:
        entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "case.lookup"))
        assert entry is not None and entry.detail == {"reason": "市民來電"}


def test_supervisor_edits_a_service_and_bad_yaml_changes_nothing(
    client: TestClient, make_token: Callable[[str, str], str]
) -> None:
    _login(client, make_token("lee.super", "supervisor"))
    form = client.get("/staff/catalogue/HR-TRANSCRIPT").text
    text = re.search(r'<textarea id="yaml"[^>]*>(.*?)</textarea>', form, re.S).group(1)  # type: ignore[union-attr]
    import html

    text = html.unescape(text)
    bad = client.post(
        "/staff/catalogue/HR-TRANSCRIPT", data={"yaml": text.replace("amount: 1\n", "amount: 0\n", 1)}
    )
    assert bad.status_code == 422 and "未儲存" in bad.text
    ok = client.post(
        "/staff/catalogue/HR-TRANSCRIPT",
        data={
            "yaml": text.replace("- 臨櫃", "- 臨櫃辦理", 1)
            if "- 臨櫃" in text
            else text.replace("amount: 1\n", "amount: 2\n", 1)
        },
    )
    assert ok.status_code == 200 and "v1" in ok.text
    unknown = client.post(
        "/staff/catalogue/HR-TRANSCRIPT", data={"yaml": text.replace("- HR-F01", "- HR-F99")}
    )
    assert unknown.status_code == 422 and "HR-F99" in unknown.text  # forms are the library's (/staff/forms)
    assert client.get("/api/v1/services/HR-TRANSCRIPT").json()["forms"] == ["HR-F01"]


def test_public_progress_page(client: TestClient, make_token: Callable[[str, str], str]) -> None:
    _login(client, make_token("chen.counter", "counter"))
    page = client.post(
        "/staff/intake", data={"service": "HR-DOORPLATE-CERT", "name": "甲", "consent": "yes"}
    ).text
    no = re.search(r'id="case-no">([^<]+)<', page).group(1)  # type: ignore[union-attr]
    password = re.search(r'id="query-password">([^<]+)<', page).group(1)  # type: ignore[union-attr]
    public = TestClient(client.app)
    shown = public.post("/progress", data={"case_no": no, "password": password})
    assert shown.status_code == 200 and 'id="current-milestone">已受理<' in shown.text
    assert public.post("/progress", data={"case_no": no, "password": "NOPE2345"}).status_code == 404


def test_password_reset_and_notification_status_on_the_case_page(
    client: TestClient, make_token: Callable[[str, str], str]
) -> None:
    _login(client, make_token("chen.counter", "counter"))
    page = client.post(
        "/staff/intake",
        data={"service": "HR-DOORPLATE-CERT", "name": "甲", "phone": "0912345678", "consent": "yes"},
    ).text
    no = re.search(r'id="case-no">([^<]+)<', page).group(1)  # type: ignore[union-attr]
    old = re.search(r'id="query-password">([^<]+)<', page).group(1)  # type: ignore[union-attr]
    case_page = client.get(f"/staff/cases/{no}").text
    assert (
        "待送" in case_page and "未設定簡訊服務商" in case_page and "0912345678" in case_page
    )  # no SMS provider configured here
    reset = client.post(f"/staff/cases/{no}/password").text
    new = re.search(r'id="query-password">([^<]+)<', reset).group(1)  # type: ignore[union-attr]
    assert new != old
    public = TestClient(client.app)
    assert public.post("/api/v1/progress", json={"case_no": no, "password": old}).status_code == 404
    assert public.post("/api/v1/progress", json={"case_no": no, "password": new}).status_code == 200


def test_unattached_page_is_listed_and_attached_by_hand(
    client: TestClient, make_token: Callable[[str, str], str], sessions: sessionmaker[Session]
) -> None:
    import base64
    import hashlib

    from hub.documents.models import CaseDocument
    from hub.documents.mqtt import store_page
    from wire.payloads.documents import DocumentPage

    _login(client, make_token("chen.counter", "counter"))
    no = _intake(client)
    image = b"\x89PNG-not-really" * 20
    with sessions() as session, session.begin():
        store_page(
            session,
            DocumentPage(
                batch="c" * 32,
                case_no=None,
                page_index=0,
                page_count=1,
                sha256=hashlib.sha256(image).hexdigest(),
                media_type="image/png",
                size=len(image),
                width=10,
                height=10,
                data=base64.b64encode(image).decode(),
                flags=("no_qr",),
            ),
            "kiosk-9",
        )
        doc_id = session.scalar(select(CaseDocument.id))
    listing = client.get("/staff/documents").text
    assert "無 QR" in listing and f"/staff/documents/{doc_id}/attach" in listing
    assert (
        client.post(f"/staff/documents/{doc_id}/attach", data={"case_no": "C250101-AAAAA-AAAAA"}).status_code
        == 404
    )
    attached = client.post(f"/staff/documents/{doc_id}/attach", data={"case_no": no})
    assert attached.status_code == 200 and hashlib.sha256(image).hexdigest() in attached.text
    assert client.get(f"/staff/documents/{hashlib.sha256(image).hexdigest()}").content == image


def test_the_front_door_links_every_public_page_and_staff_sign_in(client: TestClient) -> None:
    """GIVEN a newcomer opening the hub's address (the URL `onestop demo` prints) THEN a page, not a 404,
    that leads to each public page and to staff sign-in, and every one of those links answers."""
    r = client.get("/")
    assert r.status_code == 200 and "一站式便民服務" in r.text
    for href in ("/progress", "/satisfaction", "/enrolment/board", "/staff/login", "/docs"):
        assert f'href="{href}"' in r.text
        assert client.get(href).status_code == 200, href


def test_the_catalogue_page_lists_services_under_their_seed_groups(
    client: TestClient, make_token: Callable[[str, str], str]
) -> None:
    """docs/catalogue.md: one table section per group of seed 004's attachment 1, in the seed's order."""
    _login(client, make_token("lee.super", "supervisor"))
    page = client.get("/staff/catalogue").text
    assert "共 71 項" in page
    headings = re.findall(r'<th scope="rowgroup" colspan="8"><span translate="no">(\S+)</span>', page)
    assert headings[:3] == ["民政業務", "社會福利", "勞工服務"] and len(headings) == 15
    assert page.index("民政業務") < page.index("HR-TRANSCRIPT-BOOKING") < page.index("社會福利")
