"""Core HTTP routes on both databases: health, devices with state and gaps, dead letters, rebirth; 4xx on bad input."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from hub.api.app import create_app
from hub.core.config import load_settings
from hub.devices.models import Command
from hub.ingest.publisher import HubLink
from hub.ingest.store import Incoming, store_batch
from hub.staff.accounts import Role, create_user
from tests.hub.hostile import EVT, HOSTILE
from wire import encode, make_envelope, now_ms, topics
from wire.payloads.device import Birth
from wire.payloads.visits import KioskVisit


def _seed(sessions: sessionmaker[Session]) -> None:
    birth = make_envelope(Birth(kind="kiosk", agent_version="1.2"), device="k1", session=4, seq=0)
    items = [Incoming(topics.state("s1", "k1"), encode(birth), now_ms())]
    for seq in (1, 2, 6):
        env = make_envelope(KioskVisit(seconds=1, outcome="completed"), device="k1", session=4, seq=seq)
        items.append(Incoming(EVT, encode(env), now_ms()))
    items += [Incoming(topic, data, now_ms()) for _, topic, data, _ in HOSTILE[:5]]
    with sessions() as session, session.begin():
        store_batch(session, items)


class RecordingLink(HubLink):
    """A HubLink whose publishes are recorded instead of sent (the seam to the broker)."""

    def __init__(self, sessions: sessionmaker[Session], connected: bool = True) -> None:
        self.published: list[tuple[str, bytes]] = []
        super().__init__(lambda t, p: self.published.append((t, p)), sessions, lambda: connected)


def _technician(sessions: sessionmaker[Session]) -> dict[str, str]:
    """Device routes are for technicians (tests/security checks the refusals)."""
    with sessions() as session, session.begin():
        token = create_user(session, "tech.one", Role.TECHNICIAN)
    return {"authorization": f"Bearer {token}"}


@pytest.fixture
def client(hub_engine: Engine, sessions: sessionmaker[Session], db_url: str) -> Iterator[TestClient]:
    _seed(sessions)
    app = create_app(load_settings(db_url=db_url), engine=hub_engine)
    with TestClient(app, headers=_technician(sessions)) as test_client:
        yield test_client


def test_health_without_a_consumer(client: TestClient) -> None:
    body = client.get("/api/v1/health").json()
    assert body["status"] == "ok" and body["database"] is True and body["broker"] is None


def test_devices_list_and_detail_with_gaps(client: TestClient) -> None:
    devices = client.get("/api/v1/devices", params={"online": True}).json()
    assert [(d["id"], d["session"], d["last_seq"]) for d in devices] == [("k1", 4, 6)]
    assert client.get("/api/v1/devices", params={"site": "elsewhere"}).json() == []
    detail = client.get("/api/v1/devices/k1").json()
    assert detail["kind"] == "kiosk" and detail["agent_version"] == "1.2" and detail["open_gaps"] == 3
    assert [(g["first_seq"], g["last_seq"], g["count"]) for g in detail["gaps"]] == [(3, 5, 3)]


def test_dead_letters_filtered_by_reason(client: TestClient) -> None:
    letters = client.get("/api/v1/dead-letters").json()
    assert len(letters) == 5 and all(letter["reason"] and letter["message"] for letter in letters)
    only = client.get("/api/v1/dead-letters", params={"reason": "bad_json"}).json()
    assert {letter["reason"] for letter in only} == {"bad_json"} and len(only) == 4


@pytest.mark.parametrize(
    ("method", "url", "code", "words"),
    [
        ("get", "/api/v1/devices/nobody", 404, "no device 'nobody'"),
        ("get", "/api/v1/devices/Bad%20Id", 422, "pattern"),
        ("get", "/api/v1/devices?limit=0", 422, "greater than or equal to 1"),
        ("get", "/api/v1/devices?online=maybe", 422, "boolean"),
        ("get", "/api/v1/dead-letters?before_id=-1", 422, "greater than or equal to 1"),
        ("post", "/api/v1/devices/k1/rebirth", 503, "not connected to the MQTT broker"),
        ("post", "/api/v1/devices/nobody/rebirth", 503, "not connected"),
    ],
)
def test_bad_requests_get_a_clear_4xx_or_503(
    client: TestClient, method: str, url: str, code: int, words: str
) -> None:
    response = getattr(client, method)(url)
    assert response.status_code == code
    assert words in str(response.json()["detail"])


def test_rebirth_records_and_publishes_a_command(
    hub_engine: Engine, sessions: sessionmaker[Session], db_url: str
) -> None:
    _seed(sessions)
    link = RecordingLink(sessions)
    app = create_app(load_settings(db_url=db_url), engine=hub_engine, hub_link=link)
    with TestClient(app, headers=_technician(sessions)) as client:
        response = client.post("/api/v1/devices/k1/rebirth")
        assert response.status_code == 202
        command_id = response.json()["command_id"]
        assert client.post("/api/v1/devices/nobody/rebirth").status_code == 404
        listed = client.get("/api/v1/devices/k1/commands").json()
    assert [(c["id"], c["status"], c["type"]) for c in listed] == [(command_id, "sent", "rebirth")]
    # during the v1 migration window a command goes out on both topic versions (docs/protocol.md)
    assert sorted(topic for topic, _ in link.published) == sorted(
        [topics.command("s1", "k1", "rebirth"), topics.command("s1", "k1", "rebirth", version=1)]
    )
    with sessions() as session:
        assert session.scalar(select(Command.device).where(Command.id == command_id)) == "k1"


def test_openapi_lists_the_core_routes(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert {
        "/api/v1/health",
        "/api/v1/devices",
        "/api/v1/devices/{device_id}",
        "/api/v1/dead-letters",
    } <= set(paths)
