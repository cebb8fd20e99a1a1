"""Item 13 of issue 13, second half: on a broker without an ACL (amqtt, an open Mosquitto) any client can name
a new device in a topic. The hub keeps at most ``max_unknown_devices`` devices it never provisioned; the
messages of further ones are dead letters (``unknown_device_cap``), themselves capped; provisioned devices
and devices it already holds keep working. Real anonymous Mosquitto, real ``onestop hub serve``."""

from __future__ import annotations

import hashlib
import secrets
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import func, select

from hub.db.migrate import upgrade
from hub.db.session import make_engine, make_session_factory
from hub.devices.models import DeadLetter, Device, Event
from hub.features import load_features
from hub.staff.accounts import create_user
from onestop.processes import Mosquitto
from tests.environment import unavailable
from tests.hub.provisioning.mqtt_probe import Probe
from tests.hub.serving import HubProcess
from tests.security.conftest import KEYS, Rig
from tests.security.helpers import wait_for
from wire import DeviceKind, encode, make_envelope, topics
from wire.onboarding import Onboarding
from wire.payloads.device import Birth
from wire.payloads.visits import KioskVisit

SITE = "tpe-xinyi"
CAP, FLOOD, LETTERS_CAP = 20, 60, 50
PROVISIONED, EARLY = "tpe-xinyi-k01", "tpe-xinyi-k02"


@dataclass
class OpenRig:
    """The security rig's HTTP helper over a hub on an anonymous broker (``passwords`` unused)."""

    http: Rig
    flooder: Probe


@pytest.fixture(scope="module")
def open_rig(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OpenRig]:
    if shutil.which("mosquitto") is None:
        unavailable("mosquitto is not installed")
    tmp: Path = tmp_path_factory.mktemp("open-broker")
    broker = Mosquitto(
        workdir=tmp / "broker"
    ).start()  # no password file, no ACL: anyone may publish anything
    db_url = f"sqlite:///{tmp / 'hub.db'}"
    load_features()
    engine = make_engine(db_url)
    upgrade(engine)
    with make_session_factory(engine)() as session, session.begin():
        tokens = {"technician": create_user(session, "technician.one", "technician")}
    engine.dispose()
    env = {"ONESTOP_HUB_ADVERTISE": "false", "ONESTOP_HUB_MAX_UNKNOWN_DEVICES": str(CAP), **KEYS}
    env |= {"ONESTOP_HUB_DEAD_LETTER_MAX_ROWS": str(LETTERS_CAP), "ONESTOP_HUB_DEAD_LETTER_PRUNE_S": "0.2"}
    hub = HubProcess(db_url, broker.url, tmp, env=env).start()
    rig = Rig(broker, hub, db_url, {}, tokens)
    flooder = Probe(broker.port, "anyone", "anything")
    try:
        assert flooder.connect(), "the open broker refused an anonymous client"
        yield OpenRig(rig, flooder)
    finally:
        flooder.close()
        hub.stop()
        broker.stop()


def _publish_birth_and_event(probe: Probe, device: str, session: int = 1) -> None:
    birth = make_envelope(Birth(kind="kiosk", agent_version="1.0"), device=device, session=session, seq=0)
    probe.publish(topics.state(SITE, device), encode(birth))
    visit = make_envelope(KioskVisit(seconds=4, outcome="completed"), device=device, session=session, seq=1)
    probe.publish(topics.event(SITE, device, "kiosk.visit"), encode(visit))


def _claim(rig: Rig, device: str) -> None:
    """The device enrols and a technician claims it, as in the field (``docs/provisioning.md``)."""
    secret = secrets.token_urlsafe(24)
    body = {"device_id": device, "kind": "kiosk", "pickup_hash": hashlib.sha256(secret.encode()).hexdigest()}
    ticket = rig.http("POST", "/api/v1/provisioning/enrol", body)
    assert ticket.status == 201, ticket.body
    qr = Onboarding(device, DeviceKind.KIOSK, ticket.body["claim_code"]).qr_text()
    claimed = rig.http(
        "POST", "/api/v1/provisioning/claims", {"qr": qr, "site": SITE}, token=rig.tokens["technician"]
    )
    assert claimed.status == 200, claimed.body


def _counts(rig: Rig) -> tuple[list[str], int, int]:
    """(device ids, events, dead letters) as the hub's database holds them."""
    engine = make_engine(rig.db_url)
    try:
        with make_session_factory(engine)() as session:
            ids = list(session.scalars(select(Device.id).order_by(Device.id)))
            events = int(session.scalar(select(func.count()).select_from(Event)) or 0)
            letters = int(session.scalar(select(func.count()).select_from(DeadLetter)) or 0)
            return ids, events, letters
    finally:
        engine.dispose()


def _stored(rig: Rig, device: str, seq: int) -> bool:
    got = rig.http("GET", f"/api/v1/devices/{device}", token=rig.tokens["technician"])
    return got.status == 200 and got.body["online"] and got.body["last_seq"] == seq


def test_a_flood_of_fake_devices_stops_at_the_cap_and_known_devices_keep_working(open_rig: OpenRig) -> None:
    """GIVEN a hub with max_unknown_devices 20 on an anonymous broker, one device it already holds (never
    provisioned) and one a technician claimed but that never spoke yet
    WHEN one client publishes a birth and an event for each of 60 made-up device ids
    THEN the hub holds exactly 20 unknown devices (the early one and 19 of the flood), the other 41 fake
    devices' 82 messages were dead-lettered as unknown_device_cap and the dead-letter table is pruned back to
    its cap of 50; the claimed device and the early one still get their events stored; the fleet page says
    how many messages were refused and why."""
    rig, flooder = open_rig.http, open_rig.flooder
    _publish_birth_and_event(flooder, EARLY)
    assert wait_for("the early device", lambda: _stored(rig, EARLY, 1))
    _claim(rig, PROVISIONED)

    for n in range(FLOOD):
        _publish_birth_and_event(flooder, f"fake-{n:03d}")
    _publish_birth_and_event(flooder, PROVISIONED)  # one publisher, one subscription: after the flood
    assert wait_for("the provisioned device's event", lambda: _stored(rig, PROVISIONED, 1), timeout=60)
    visit = make_envelope(KioskVisit(seconds=2, outcome="completed"), device=EARLY, session=1, seq=2)
    flooder.publish(topics.event(SITE, EARLY, "kiosk.visit"), encode(visit))
    assert wait_for("the early device's second event", lambda: _stored(rig, EARLY, 2), timeout=30)

    ids, events, _ = _counts(rig)
    unknown = [i for i in ids if i != PROVISIONED]
    assert len(unknown) == CAP and EARLY in unknown and PROVISIONED in ids
    admitted = [f"fake-{n:03d}" for n in range(CAP - 1)]  # the first ones to come (ids in order)
    assert sorted(set(unknown) - {EARLY}) == admitted
    assert events == 2 + 1 + (CAP - 1)  # the early device's two, the claimed one's, one per admitted fake

    letters = rig.http(
        "GET", "/api/v1/dead-letters?reason=unknown_device_cap&limit=1000", token=rig.tokens["technician"]
    )
    assert letters.status == 200 and letters.body, letters.body
    newest = letters.body[0]
    assert f"fake-{FLOOD - 1:03d}" in newest["topic"] and "never provisioned" in newest["message"]
    assert '"device":"fake-' in newest["excerpt"] and "completed" not in newest["excerpt"]  # redacted
    assert wait_for("the dead letters pruned to their cap", lambda: _counts(rig)[2] <= LETTERS_CAP)

    page = rig.http("GET", "/provisioning/fleet", token=rig.tokens["technician"])
    assert page.status == 200
    assert "unknown_device_cap" in page.body and f"{CAP} / {CAP}" in page.body, page.body[:3000]
