"""FAQ on SQLite (FTS5) and PostgreSQL (GIN full text): the seed's questions, Chinese search, staff edits."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

from hub.faq.service import search


def _questions(client: TestClient, **params: str) -> list[str]:
    response = client.get("/api/v1/faq", params=params)
    assert response.status_code == 200, response.text
    return [i["question"] for i in response.json()["items"]]


def test_seeded_from_the_seed_titles_and_searchable_in_chinese(client: TestClient) -> None:
    cats = {c["name"]: c["count"] for c in client.get("/api/v1/faq/categories").json()["categories"]}
    assert cats["村里民政類"] >= 10 and cats["系統操作"] == 6
    assert "寺廟申請登記應檢附表件為何?" in _questions(client, category="村里民政類")
    assert _questions(client, q="戶口")[0] == "如何補領戶口名簿?"  # 「戶口」 finds 「戶口名簿」, title first
    assert _questions(client, q="戶口名簿")[0] == "如何補領戶口名簿?"
    assert "什麼是「自然人憑證」?" in _questions(client, q="自然人憑證")
    assert _questions(client, q="名簿戶口") == []  # a phrase, not a bag of bigrams
    assert "繳費方式有那些" in _questions(client, q="ＡＴＭ")  # full-width query, answer hit
    # one character: a prefix of every bigram (憑證, 憑單); the title hit ranks first
    assert _questions(client, q="憑", category="系統操作") == ["自然人/工商憑證登入異常", "如何線上查詢進度"]
    too_long = client.get("/api/v1/faq", params={"q": "戶" * 41})
    assert too_long.status_code == 422 and too_long.json()["detail"]["field"] == "q"


def test_supervisor_adds_edits_and_deletes_and_the_index_follows(
    client: TestClient, make_token: Callable[[str, str], str]
) -> None:
    auth = {"Authorization": f"Bearer {make_token('lee.super', 'supervisor')}"}
    body = {"category": "地政類", "agency": "地政處", "service": "LAND-SURVEY", "question": "土地鑑界要多久？",
            "answer": "收件後約 15 個工作天排定鑑界日期。"}  # fmt: skip
    counter = {"Authorization": f"Bearer {make_token('chen.counter', 'counter')}"}
    assert client.post("/api/v1/faq", json=body, headers=counter).status_code == 403
    created = client.post("/api/v1/faq", json=body, headers=auth)
    assert created.status_code == 201, created.text
    entry = created.json()["id"]
    assert _questions(client, q="鑑界") == ["土地鑑界要多久？"]
    changed = client.put(f"/api/v1/faq/{entry}", json={**body, "question": "土地複丈要多久？"}, headers=auth)
    assert changed.status_code == 200
    assert _questions(client, q="鑑界") == ["土地複丈要多久？"]  # the answer still says 鑑界
    assert _questions(client, q="複丈") == ["土地複丈要多久？"]
    bad = client.post("/api/v1/faq", json={**body, "question": ""}, headers=auth)
    assert bad.status_code == 422 and bad.json()["detail"]["field"] == "question"
    assert client.delete(f"/api/v1/faq/{entry}", headers=auth).status_code == 204
    assert _questions(client, q="複丈") == []
    assert client.delete(f"/api/v1/faq/{entry}", headers=auth).status_code == 404


def test_pages_public_and_staff(client: TestClient, make_token: Callable[[str, str], str]) -> None:
    page = client.get("/faq", params={"q": "戶口"})
    assert page.status_code == 200 and "如何補領戶口名簿?" in page.text
    assert client.get("/staff/faq", follow_redirects=False).status_code == 303
    client.post("/staff/login", data={"token": make_token("wu.super", "supervisor")}, follow_redirects=False)
    form = {"category": "村里民政類", "agency": "民政處", "service": "", "question": "如何申請戶籍謄本？",
            "answer": "持身分證至任一戶政事務所。", "action": "save"}  # fmt: skip
    saved = client.post("/staff/faq/0", data=form, follow_redirects=False)
    assert saved.status_code == 303
    assert "如何申請戶籍謄本？" in client.get("/staff/faq", params={"q": "謄本"}).text
    bad = client.post("/staff/faq/0", data={**form, "answer": ""})
    assert bad.status_code == 422 and "answer" in bad.text


def test_search_and_browse_share_the_filters(sessions) -> None:  # type: ignore[no-untyped-def]
    with sessions() as session:
        found = search(session, "繳費", category="系統操作")
        assert found.total >= 2 and all(e.category == "系統操作" for e in found.entries)
        assert search(session, "", category="就業服務").total == 1
