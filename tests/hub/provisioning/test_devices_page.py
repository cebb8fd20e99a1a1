"""/staff/devices over HTTP: who may see it, a bad office filter, the stream's first event, both languages."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from hub.api.app import create_app
from hub.core.config import Settings
from hub.db.session import make_session_factory
from hub.devices.models import Device
from hub.staff.accounts import create_user

PAPER_OUT = {"components": {"printer": {"state": "error", "code": "paper_out", "reason": "load paper"}}}


@pytest.fixture
def hub(hub_engine: Engine) -> Iterator[tuple[TestClient, dict[str, str]]]:
    with make_session_factory(hub_engine)() as s, s.begin():
        tokens = {role: create_user(s, f"{role}.x", role) for role in ("supervisor", "technician", "counter")}
        s.add_all([
            Device(id="kiosk-a", site="tc-xitun", kind="kiosk", online=True, session=1, last_seen=1, health=PAPER_OUT),
            Device(id="kiosk-b", site="tc-xitun", kind="kiosk", online=False, session=1, last_seen=1),
            Device(id="kiosk-c", site="tc-east", kind="kiosk", online=True, session=1, last_seen=1),
        ])  # fmt: skip
    app = create_app(Settings(db_url=str(hub_engine.url)), engine=hub_engine)
    with TestClient(app) as client:
        yield client, tokens


def _as(tokens: dict[str, str], role: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens[role]}"}


def test_supervisors_and_technicians_see_their_office_faulty_first(
    hub: tuple[TestClient, dict[str, str]],
) -> None:
    client, tokens = hub
    page = client.get("/staff/devices?site=tc-xitun", headers=_as(tokens, "supervisor"))
    assert page.status_code == 200
    text = page.text
    assert text.index('data-device="kiosk-b"') < text.index('data-device="kiosk-a"')  # offline, then faulty
    assert "kiosk-c" not in text.split('id="device-rows"')[1]  # another office
    assert 'class="device fault"' in text and "缺紙" in text and "臺中市西屯區戶政事務所" in text
    english = client.get("/staff/devices?site=tc-xitun", headers=_as(tokens, "technician"),
                         cookies={"onestop_lang": "en"})  # fmt: skip
    assert english.status_code == 200 and "out of paper" in english.text and "1 faulty" in english.text


def test_counter_staff_are_refused_and_a_bad_office_is_a_clear_error(
    hub: tuple[TestClient, dict[str, str]],
) -> None:
    client, tokens = hub
    assert client.get("/staff/devices", headers=_as(tokens, "counter")).status_code == 403
    bad = client.get("/staff/devices?site=../etc", headers=_as(tokens, "supervisor"))
    assert bad.status_code == 422 and "site" in bad.text
    assert client.get("/staff/devices", follow_redirects=False).headers["location"] == "/staff/login"


def test_the_stream_sends_the_rendered_rows_at_once(hub: tuple[TestClient, dict[str, str]]) -> None:
    client, tokens = hub
    with client.stream("GET", "/staff/devices/stream?site=tc-xitun", headers=_as(tokens, "supervisor")) as r:
        assert r.headers["content-type"].startswith("text/event-stream")
        lines = r.iter_lines()
        data = next(line for line in lines if line.startswith("data: "))
    parts = json.loads(data[len("data: ") :])
    assert (
        'data-device="kiosk-a"' in parts["rows"]
        and "缺紙" in parts["rows"]
        and "故障 1 台" in parts["summary"]
    )
