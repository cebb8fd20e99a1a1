"""N+e over HTTP: the counter records a consent and gets one printable form; bad input names the field and
stores nothing; roles; the staff pages."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from hub.api.app import create_app
from hub.core.config import load_settings
from hub.nplus_e.models import NplusEConsent, NplusENotice
from hub.staff.accounts import create_user
from tests.hub.nplus_e.test_daily_batch_sftp import national_id
from tests.migrated import MigratedTemplates

GOOD = {
    "office": "tc-xitun",
    "change": "move",
    "effective_date": "2026-12-03",
    "national_id": national_id(42),
    "name": "王小明",
    "birth_date": "1990-05-06",
    "old_address": "臺中市東勢區第一街1號",
    "new_address": "臺中市西屯區臺灣大道三段99號",
    "agencies": ["cht-taichung", "water-4", "lt-hq", "sw-xitun"],
}


@pytest.fixture
def client(sqlite_url: str, tmp_path: Path, migrated: MigratedTemplates) -> Iterator[TestClient]:
    settings = load_settings(db_url=sqlite_url, nplus_e_signing_key=str(tmp_path / "sign.pem"))
    migrated.fill(sqlite_url)  # the migrated schema (tests/migrated.py)
    with TestClient(create_app(settings)) as c:
        yield c


@pytest.fixture
def tokens(client: TestClient) -> dict[str, str]:
    sessions: sessionmaker[Session] = client.app.state.sessions  # type: ignore[attr-defined]
    with sessions.begin() as session:
        return {
            "counter": create_user(session, "lin.counter", "counter"),
            "operator": create_user(session, "op.1999", "operator"),
        }


def count(client: TestClient) -> tuple[int, int]:
    engine: Engine = client.app.state.engine  # type: ignore[attr-defined]
    with engine.connect() as conn:
        return (
            conn.scalar(select(func.count()).select_from(NplusEConsent)) or 0,
            conn.scalar(select(func.count()).select_from(NplusENotice)) or 0,
        )


def test_a_consent_records_its_agencies_and_prints_one_form(
    client: TestClient, tokens: dict[str, str], tmp_path: Path
) -> None:
    headers = {"Authorization": f"Bearer {tokens['counter']}"}
    reply = client.post("/api/v1/nplus-e/consents", json=GOOD, headers=headers)
    assert reply.status_code == 201, reply.text
    body = reply.json()
    assert body["agencies"] == GOOD["agencies"] and count(client) == (1, 4)
    pdf = client.get(body["form_url"], headers=headers)
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    (tmp_path / "form.pdf").write_bytes(pdf.content)
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "form.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert (
        "跨機關戶籍資料異動通報申請書" in text
        and "中華電信臺中營運處" in text
        and "台灣自來水公司第四區管理處" in text
    )
    assert GOOD["national_id"] not in text and "******" in text
    assert GOOD["national_id"] not in reply.text


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"agencies": []}, "agencies"),
        ({"office": "tc-atlantis"}, "office"),
        ({"agencies": ["cht-taichung", "no-such-agency"]}, "agencies"),
        ({"national_id": "A123456788"}, "national_id"),
        ({"national_id": "A1234567890"}, "national_id"),  # one digit too many: still not echoed
        ({"new_address": ""}, "new_address"),
        ({"change": "divorce"}, "change"),
    ],
)
def test_bad_consents_name_the_field_and_store_nothing(
    client: TestClient, tokens: dict[str, str], change: dict[str, object], field: str
) -> None:
    reply = client.post(
        "/api/v1/nplus-e/consents",
        json={**GOOD, **change},
        headers={"Authorization": f"Bearer {tokens['counter']}"},
    )
    assert reply.status_code == 422
    detail = reply.json()["detail"]
    fields = [d["loc"][-1] for d in detail] if isinstance(detail, list) else [detail["field"]]
    assert field in fields, detail
    assert GOOD["national_id"] not in reply.text and "A12345678" not in reply.text
    assert count(client) == (0, 0)


def test_roles(client: TestClient, tokens: dict[str, str]) -> None:
    assert client.post("/api/v1/nplus-e/consents", json=GOOD).status_code == 401
    op = {"Authorization": f"Bearer {tokens['operator']}"}
    assert client.post("/api/v1/nplus-e/consents", json=GOOD, headers=op).status_code == 403
    counter = {"Authorization": f"Bearer {tokens['counter']}"}
    assert client.post("/api/v1/nplus-e/batches/2026-12-01", headers=counter).status_code == 403
    assert len(client.get("/api/v1/nplus-e/agencies").json()["agencies"]) == 71


def test_the_staff_page_records_a_consent_and_shows_a_clear_error(
    client: TestClient, tokens: dict[str, str]
) -> None:
    client.post("/staff/login", data={"token": tokens["counter"]})  # the browser session cookie
    page = client.get("/staff/nplus-e")
    assert page.status_code == 200 and "N加e" in page.text and page.text.count('name="agencies"') == 71
    form = {k: v for k, v in GOOD.items() if k != "agencies"}
    bad = client.post("/staff/nplus-e", data={**form, "agencies": []}, follow_redirects=False)
    assert bad.status_code == 422 and "agencies" in bad.text and GOOD["national_id"] not in bad.text
    assert count(client) == (0, 0)
    ok = client.post("/staff/nplus-e", data={**form, "agencies": GOOD["agencies"]}, follow_redirects=False)
    assert ok.status_code == 303
    done = client.get(ok.headers["location"])
    assert "中華電信臺中營運處" in done.text and "form.pdf" in done.text
