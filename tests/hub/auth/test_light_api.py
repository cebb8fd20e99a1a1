"""POST /api/v1/auth/light on both databases: a light session, refused where the card is required,
rate-limited per address, and the national ID never echoed, stored or logged."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from hub.api.app import create_app
from hub.auth.models import CitizenSessionRow
from hub.auth.national_id import Assurance
from hub.auth.sessions import SessionInvalid
from hub.auth.store import SqlSessions
from hub.core.config import load_settings

ID, BORN = "A123456789", "1985-03-15"


@pytest.fixture
def client(hub_engine: Engine, db_url: str) -> Iterator[TestClient]:
    settings = load_settings(db_url=db_url, light_id_per_minute=5)  # no trust anchors: light needs none
    with TestClient(create_app(settings, engine=hub_engine)) as c:
        yield c


def test_light_session_is_light_and_card_only_services_refuse_it(
    client: TestClient, hub_engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    """GIVEN a valid ID and birth date WHEN posted THEN a light session (last 4 only) that passes a
    light-level check and is refused by the default (card) check; the ID is in no row and no log."""
    caplog.set_level(logging.DEBUG)
    r = client.post("/api/v1/auth/light", json={"national_id": ID.lower(), "birth_date": "74/03/15"})
    assert r.status_code == 200, r.text
    out = r.json()
    assert out["assurance"] == "light" and out["id_last4"] == "6789" and ID not in r.text
    with Session(hub_engine) as s:
        row = s.scalars(select(CitizenSessionRow)).one()
        assert row.assurance == Assurance.LIGHT and row.device == "online"
        assert ID not in repr([getattr(row, c.key) for c in CitizenSessionRow.__table__.columns])
        sessions = SqlSessions(s, 180)
        assert sessions.get(out["session"], "online", required=Assurance.LIGHT).id_last4 == "6789"
        with pytest.raises(SessionInvalid, match="needs the citizen certificate card"):
            sessions.get(out["session"], "online")
    assert ID not in caplog.text and ID.lower() not in caplog.text


def test_two_light_sessions_online_do_not_end_each_other(client: TestClient, hub_engine: Engine) -> None:
    first = client.post("/api/v1/auth/light", json={"national_id": ID, "birth_date": BORN}).json()
    client.post("/api/v1/auth/light", json={"national_id": "F131104093", "birth_date": BORN})
    with Session(hub_engine) as s:
        assert SqlSessions(s, 180).is_open(first["session"])


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"national_id": "A123456788", "birth_date": BORN}, "national_id"),  # check digit
        ({"national_id": "Q98765", "birth_date": BORN}, "national_id"),
        ({"national_id": ID, "birth_date": "2999-01-01"}, "birth_date"),
        ({"national_id": ID, "birth_date": "15.03.1985x"}, "birth_date"),
        ({"national_id": ID}, "birth_date"),
        ({"national_id": ID * 4, "birth_date": BORN}, "national_id"),
        ({"national_id": ID, "birth_date": BORN, "origin": "Bad Origin"}, "origin"),
        ({"national_id": ID, "birth_date": BORN, "pin": "1234"}, "pin"),
        ([ID, BORN], "body"),
    ],
)
def test_bad_input_is_422_naming_the_field_never_the_value(
    client: TestClient, hub_engine: Engine, body: object, field: str
) -> None:
    r = client.post("/api/v1/auth/light", json=body)
    assert r.status_code == 422 and r.json()["field"] == field, r.text
    sent = body.get("national_id", "") if isinstance(body, dict) else ID
    assert sent not in r.text and "A123456788" not in r.text, "the ID was echoed"
    with Session(hub_engine) as s:
        assert s.scalars(select(CitizenSessionRow)).all() == []


def test_attempts_are_rate_limited_per_address(client: TestClient) -> None:
    """GIVEN 5 attempts a minute WHEN a sixth comes THEN 429 with Retry-After, and nothing is checked."""
    codes = [
        client.post("/api/v1/auth/light", json={"national_id": ID, "birth_date": BORN}).status_code
        for _ in range(5)
    ]
    assert codes == [200] * 5
    r = client.post("/api/v1/auth/light", json={"national_id": "bad", "birth_date": BORN})
    assert r.status_code == 429 and 1 <= int(r.headers["Retry-After"]) <= 60
    assert "try again" in r.json()["detail"]


def test_a_card_service_check_still_passes_a_card_session(hub_engine: Engine) -> None:
    """Regression guard: the default check stays the card, and a card session passes it."""
    from hub.auth.verify import CardIdentity

    identity = CardIdentity("王小明", "6789", "ab" * 32, "CN=test CA")
    with Session(hub_engine) as s, s.begin():
        opened = SqlSessions(s, 180).open("kiosk-1", identity)
        assert SqlSessions(s, 180).get(opened.token, "kiosk-1").assurance == Assurance.CARD
