"""Counter staff pages through the app: roles, reasoning shown, bad input named with 400, tips edited."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_pages_need_a_counter_role(client: TestClient) -> None:
    got = client.get("/staff/counter", follow_redirects=False)
    assert got.status_code in (303, 401)


def test_calculator_shows_the_reasoning_and_names_a_bad_field(
    client: TestClient, counter_auth: dict[str, str]
) -> None:
    got = client.get(
        "/staff/counter/calc/deadline?go=1&event=115-01-17&amount=30&unit=days", headers=counter_auth
    )
    assert got.status_code == 200 and "2026-02-23" in got.text and "民法第122條" in got.text
    bad = client.get(
        "/staff/counter/calc/deadline?go=1&event=2026-02-30&amount=30&unit=days", headers=counter_auth
    )
    assert bad.status_code == 400 and "欄位 <code>event</code>" in bad.text


def test_issue_then_register_and_a_bad_form_saves_nothing(
    client: TestClient, counter_auth: dict[str, str]
) -> None:
    form = {
        "kind": "notice",
        "name": "王小明",
        "address": "臺中市",
        "matter": "遷入登記",
        "event_date": "2026-02-10",
    }
    bad = client.post("/staff/counter/documents", data={**form, "name": ""}, headers=counter_auth)
    assert bad.status_code == 400 and "欄位 <code>name</code>" in bad.text
    preview = client.post("/staff/counter/documents/preview", data=form, headers=counter_auth)
    assert preview.status_code == 200 and preview.content.startswith(b"%PDF-")
    assert client.get("/staff/counter/documents?q=王小明", headers=counter_auth).text.count("XT-") == 0
    done = client.post("/staff/counter/documents", data=form, headers=counter_auth, follow_redirects=False)
    assert done.status_code == 303
    number = done.headers["location"].rsplit("/", 1)[-1]
    assert number.endswith("-000001")
    register = client.get("/staff/counter/documents?q=王小明", headers=counter_auth)
    assert number in register.text
    pdf = client.get(f"/staff/counter/documents/{number}/pdf", headers=counter_auth)
    assert pdf.content.startswith(b"%PDF-")
    no_printer = client.post(
        f"/staff/counter/documents/{number}/print", data={"device": "nope"}, headers=counter_auth
    )
    assert no_printer.status_code == 400


def test_tips_are_edited_and_a_bad_line_is_refused(client: TestClient, counter_auth: dict[str, str]) -> None:
    page = client.get("/staff/counter/tips", headers=counter_auth)
    assert page.status_code == 200 and "新生兒加保" in page.text and "死亡" in page.text
    bad = client.post("/staff/counter/tips/birth/edit", data={"items": "only a title"}, headers=counter_auth)
    assert bad.status_code == 400 and "items[0]" in bad.text
    ok = client.post("/staff/counter/tips/birth/edit", data={"items": "新生兒加保 | 健保署 | 帶戶口名簿\n預防接種 | 衛生所"},
                     headers=counter_auth, follow_redirects=False)  # fmt: skip
    assert ok.status_code == 303
    page = client.get("/staff/counter/tips", headers=counter_auth)
    assert "預防接種" in page.text and "勞保生育給付" not in page.text
