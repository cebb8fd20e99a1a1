"""Fines through the HTTP API on SQLite and PostgreSQL: import (all or nothing), online look-up by each key,
settlement closes a paid fine, staff and public pages."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from hub.fines.models import Fine, FineImport
from hub.payments.settlement import format_detail, format_header, format_trailer
from tests.hub.fines.conftest import COMPANY, HEADER, PERSON, SEVEN, row

GOOD = "\n".join([
    HEADER,
    row("9807021234"),
    row("9807021235", amount=20_001),
    row("9807021236", payer=COMPANY, name="偉和科技有限公司"),
    row("9807021237", payer=SEVEN, name="七號商行"),
]) + "\n"  # fmt: skip


def _lookup(client: TestClient, kind: str, key: str) -> dict:  # type: ignore[type-arg]
    response = client.post("/api/v1/fines/lookup", json={"kind": kind, "key": key})
    assert response.status_code == 200, response.text
    return response.json()


def test_import_then_look_up_by_each_key(
    client: TestClient, supervisor: dict[str, str], sessions: sessionmaker[Session]
) -> None:
    result = client.post("/api/v1/fines/import?filename=epa.csv", content=GOOD.encode(), headers=supervisor)
    assert result.status_code == 200, result.text
    assert result.json() | {"import_id": 0} == {"import_id": 0, "added": 4, "updated": 0, "unchanged": 0}
    again = client.post("/api/v1/fines/import", content=GOOD.encode(), headers=supervisor).json()
    assert (again["added"], again["unchanged"]) == (0, 4)  # the same daily file twice changes nothing

    by_id = _lookup(client, "national_id", PERSON.lower())
    assert by_id["detail"] == "light"
    assert [f["fine_no"] for f in by_id["fines"]] == ["9807021234", "9807021235"]
    first = by_id["fines"][0]
    assert first["payer_masked"] == "A12345****" and first["payer_name"] == "王○明" and first["rule"] is None
    assert first["issued_on"] == "2009-07-02" and first["decision_no"] == "12345678901234"
    assert first["payment_no"] == "F000009807021234" and first["store"] is True
    assert by_id["fines"][1]["store"] is False  # NT$20,001: bank or ATM (seed 004:1835)
    company = _lookup(client, "business_no", COMPANY)["fines"]
    assert [(f["fine_no"], f["payer_name"], f["rule"]) for f in company] == [
        ("9807021236", "偉和科技有限公司", "廢棄物清理法第27條")
    ]
    assert [f["fine_no"] for f in _lookup(client, "business_no", SEVEN)["fines"]] == ["9807021237"]
    assert [f["fine_no"] for f in _lookup(client, "fine_no", "9807021236")["fines"]] == ["9807021236"]
    with sessions() as session:  # the ID is never stored in clear
        stored = session.scalars(select(Fine).where(Fine.fine_no == "9807021234")).one()
        assert PERSON not in (stored.payer_key, stored.payer_masked) and len(stored.payer_key) == 64


def test_malformed_business_number_gets_a_clear_error(client: TestClient) -> None:
    response = client.post("/api/v1/fines/lookup", json={"kind": "business_no", "key": "22099132"})
    assert response.status_code == 422
    assert response.json()["detail"]["field"] == "business_no" and "22099132" not in response.text
    short = client.post("/api/v1/fines/lookup", json={"kind": "business_no", "key": "2209913"})
    assert short.status_code == 422 and "8 digits" in short.json()["detail"]["message"]


def test_a_bad_row_refuses_the_whole_file_and_names_every_bad_row(
    client: TestClient, supervisor: dict[str, str], sessions: sessionmaker[Session]
) -> None:
    text = "\n".join([
        HEADER,
        row("9807021240"),
        row("9807021241", payer="22099132"),  # line 3: business number fails its check
        row("9807021242", amount=0),  # line 4
        row("9807021240"),  # line 5: repeats line 2
    ]) + "\n"  # fmt: skip
    response = client.post("/api/v1/fines/import", content=text.encode(), headers=supervisor)
    assert response.status_code == 422
    problems = [(p["line"], p["field"]) for p in response.json()["detail"]["problems"]]
    assert problems == [(3, "payer_id"), (4, "amount"), (5, "fine_no")]
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(Fine)) == 0
        assert session.scalar(select(func.count()).select_from(FineImport)) == 0
    missing = client.post("/api/v1/fines/import", content=b"fine_no,amount\n1,2\n", headers=supervisor)
    assert missing.status_code == 422 and "missing column" in missing.json()["detail"]["message"]
    counter = {**supervisor, "Authorization": supervisor["Authorization"].replace("Bearer ", "Bearer x")}
    assert client.post("/api/v1/fines/import", content=GOOD.encode(), headers=counter).status_code == 401


def test_settlement_import_closes_a_paid_fine(
    client: TestClient, supervisor: dict[str, str], make_token: Callable[[str, str], str]
) -> None:
    assert client.post("/api/v1/fines/import", content=GOOD.encode(), headers=supervisor).status_code == 200
    paid = datetime(2026, 12, 4, 10, 30)
    lines = [format_header(date(2026, 12, 4), "CVS711"), format_detail("F000009807021234", 800, paid, "S0001"),
             format_detail("F000009807021236", 799, paid, "S0002"), format_trailer(2, 1599)]  # fmt: skip
    result = client.post(
        "/api/v1/settlements",
        content="\n".join(lines) + "\n",
        headers={"Authorization": supervisor["Authorization"], "Content-Type": "text/plain"},
    ).json()
    assert result["applied"] == ["F000009807021234"]
    assert [p["line"] for p in result["problems"]] == [3]  # wrong amount: listed, the fine stays due
    assert [f["fine_no"] for f in _lookup(client, "national_id", PERSON)["fines"]] == ["9807021235"]
    assert [f["fine_no"] for f in _lookup(client, "business_no", COMPANY)["fines"]] == ["9807021236"]
    client.post(
        "/staff/login", data={"token": make_token("chen.counter2", "counter")}, follow_redirects=False
    )
    page = client.get("/staff/fines?status=paid")
    assert page.status_code == 200 and "9807021234" in page.text and "S0001" in page.text


def test_staff_upload_page_names_the_bad_row(
    client: TestClient, make_token: Callable[[str, str], str], sessions: sessionmaker[Session]
) -> None:
    client.post("/staff/login", data={"token": make_token("wu.super", "supervisor")}, follow_redirects=False)
    bad = HEADER + "\n" + row("9807021250") + "\n" + row("9807021251", due="2009-07-01") + "\n"
    page = client.post("/staff/fines/import", files={"file": ("epa.csv", bad.encode(), "text/csv")})
    assert page.status_code == 422 and "Nothing imported" in page.text and "due_on" in page.text
    ok = client.post("/staff/fines/import", files={"file": ("epa.csv", GOOD.encode(), "text/csv")})
    assert ok.status_code == 200 and "added 4" in ok.text and "9807021237" in ok.text


def test_public_page_looks_up_without_the_key_in_the_url(
    client: TestClient, supervisor: dict[str, str]
) -> None:
    client.post("/api/v1/fines/import", content=GOOD.encode(), headers=supervisor)
    assert client.get("/fines").status_code == 200
    page = client.post("/fines", data={"kind": "national_id", "key": PERSON})
    assert page.status_code == 200 and "9807021234" in page.text and "ATM" in page.text
    assert PERSON not in page.text
    bad = client.post("/fines", data={"kind": "business_no", "key": "22099132"})
    assert bad.status_code == 422 and "統一編號檢查碼不正確" in bad.text


def test_the_payers_card_shows_the_name_and_the_rule_a_typed_key_does_not() -> None:
    """GIVEN fines of 王小明 WHEN the device's card holder is 王小明 with the ID's last 4 THEN card detail (name
    and rule shown); another holder, or no card, gets light detail (name masked, no rule)."""
    from hub.fines.service import CardHolder, detail_for, info
    from wire.payloads.fines import Detail, FineKey

    fine = Fine(fine_no="9807021234", payment_no="F000009807021234", issued_on=date(2009, 7, 2), agency="環保局",
                decision_no="1", rule="廢棄物清理法第27條", amount=800, due_on=date(2099, 1, 1),
                payer_kind="national_id", payer_masked="A12345****", payer_name="王小明")  # fmt: skip
    today = date(2026, 12, 4)
    assert detail_for(FineKey.NATIONAL_ID, PERSON, [fine], CardHolder("王小明", "6789")) is Detail.CARD
    assert detail_for(FineKey.NATIONAL_ID, PERSON, [fine], CardHolder("王小明", "1111")) is Detail.LIGHT
    assert detail_for(FineKey.NATIONAL_ID, PERSON, [fine], CardHolder("李四", "6789")) is Detail.LIGHT
    assert detail_for(FineKey.FINE_NO, "9807021234", [fine], CardHolder("王小明", "6789")) is Detail.LIGHT
    assert detail_for(FineKey.NATIONAL_ID, PERSON, [fine], None) is Detail.LIGHT
    card, light = info(fine, Detail.CARD, today), info(fine, Detail.LIGHT, today)
    assert (card.payer_name, card.rule) == ("王小明", "廢棄物清理法第27條")
    assert (light.payer_name, light.rule) == ("王○明", None)
    assert info(fine, Detail.LIGHT, date(2099, 1, 2)).store is False  # past due: no store slip
