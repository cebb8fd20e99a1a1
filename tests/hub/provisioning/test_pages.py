"""The technicians' pages share the staff layout (Jinja templates): header, navigation, escaped messages."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from hub.api.app import create_app
from hub.core.config import Settings
from hub.db.session import make_session_factory
from hub.staff.accounts import create_user


@pytest.fixture
def client(hub_engine: Engine) -> Iterator[TestClient]:
    with make_session_factory(hub_engine)() as s, s.begin():
        token = create_user(s, "amy.tech", "technician")
    app = create_app(Settings(db_url=str(hub_engine.url)), engine=hub_engine)
    with TestClient(app, headers={"Authorization": f"Bearer {token}"}) as c:
        yield c


def test_the_claim_form_is_a_staff_page_with_the_fleet_in_the_navigation(client: TestClient) -> None:
    page = client.get("/provisioning/claim")
    assert page.status_code == 200
    assert '<link rel="stylesheet" href="/staff/static/style.css">' in page.text
    assert 'href="/provisioning/fleet" aria-current="page">裝置管理</a>' in page.text
    assert "amy.tech" in page.text and "name='qr'" not in page.text and 'name="qr"' in page.text


def test_a_refused_claim_is_shown_on_the_page_and_changes_nothing(client: TestClient) -> None:
    page = client.post("/provisioning/claim", data={"qr": "<b>OS1:KIOSK</b>", "site": "taipei-1"})
    assert page.status_code == 200
    assert (
        "<p class='error' role='status'>認領失敗：<span translate=\"no\">this is not a OneStop onboarding code"
        in page.text
    )
    assert "<b>OS1" not in page.text
    assert client.get("/api/v1/provisioning/fleet").json() == []


def test_the_fleet_page_refreshes_itself_in_the_staff_layout(client: TestClient) -> None:
    page = client.get("/provisioning/fleet")
    assert page.status_code == 200 and '<meta http-equiv="refresh" content="5">' in page.text
    assert "共 0 台，0 台在線" in page.text and "/staff/static/style.css" in page.text
    assert "UTC" not in page.text and "（臺北時間）" in page.text
    english = client.get("/provisioning/fleet", cookies={"onestop_lang": "en"})
    assert "0 devices, 0 online" in english.text and "(Taipei time)" in english.text
