"""Config push on reconnect: the pure decision, and over real Mosquitto a device that was offline when its
config changed gets ``config.apply`` after its birth and ends with reported = desired on the fleet view."""

from __future__ import annotations

import threading
import time
import uuid

import pytest
from sqlalchemy.orm import Session, sessionmaker

from hub.background import BackgroundContext
from hub.core.config import load_settings
from hub.devices.models import Device
from hub.ingest.consumer import Consumer
from hub.provisioning import service
from hub.provisioning.fleet import FleetRow, fleet_rows
from hub.provisioning.push import ConfigPusher, DeviceConfigView, pushes_due, runs_version
from onestop.dev.waiting import wait_until
from onestop.processes import Mosquitto
from tests.hub.agent_double import AgentDouble
from wire import Channel, encode, make_envelope, now_ms, topics
from wire.payloads.device import Birth, Death
from wire.payloads.provisioning import ConfigApplied, ConfigApply

CONFIG_V = {"device_id": "kiosk-9", "kind": "kiosk"}


def _view(**kw: object) -> DeviceConfigView:
    base: dict[str, object] = dict(
        device="k1",
        site="s1",
        session=7,
        birth_version=1,
        birth_at=1000,
        desired_version=2,
        reported_version=1,
        reported_at=500,
    )
    base.update(kw)
    return DeviceConfigView(**base)  # type: ignore[arg-type]


def test_a_report_after_the_birth_wins_and_one_before_it_does_not() -> None:
    assert runs_version(_view(reported_version=2, reported_at=2000)) == 2
    assert runs_version(_view(reported_version=5, reported_at=500, birth_version=0)) == 0  # factory reset


def test_push_is_due_once_per_session_and_version() -> None:
    behind = _view()
    assert pushes_due([behind], {}) == [behind]
    assert pushes_due([behind], {"k1": (7, 2)}) == []  # already sent in this session
    assert pushes_due([behind], {"k1": (6, 2)}) == [behind]  # a new session: the command may have been lost
    assert pushes_due([_view(birth_version=2)], {}) == []  # current
    assert pushes_due([_view(reported_version=2, reported_at=1500)], {}) == []  # applied after birth


class VersionedDouble(AgentDouble):
    """The agent double with a config version in its births, that applies config.apply like the agent."""

    def __init__(self, port: int, device: str, site: str = "s1") -> None:
        super().__init__(port, device, site)
        self.config_version = 1
        self.applies: list[ConfigApply] = []

    def publish_birth(self) -> None:
        self._seq = 0
        body = Birth(kind="kiosk", agent_version="test", config_version=self.config_version)
        env = make_envelope(body, device=self.device, session=self.session, seq=self.next_seq())
        self.client.publish(topics.state(self.site, self.device), encode(env), qos=1, retain=True)

    def _on_message(self, c, u, msg) -> None:  # type: ignore[no-untyped-def]
        super()._on_message(c, u, msg)
        decoded = self.received[-1]
        if decoded.address.channel is Channel.COMMAND and isinstance(decoded.body, ConfigApply):
            self.applies.append(decoded.body)
            threading.Thread(target=self._apply, args=(decoded.body,)).start()  # not on paho's thread

    def _apply(self, body: ConfigApply) -> None:
        if body.version > self.config_version:
            self.config_version = body.version
            self.emit(1, ConfigApplied(version=body.version))

    def go_offline(self) -> None:
        env = make_envelope(Death(reason="power off"), device=self.device, session=self.session, seq=0)
        self.client.publish(
            topics.state(self.site, self.device), encode(env), qos=1, retain=True
        ).wait_for_publish(5)
        self.stop()

    def come_back(self) -> None:
        self.connected.clear()
        self.start()


def _device(sessions: sessionmaker[Session], device: str) -> Device | None:
    with sessions() as s:
        return s.get(Device, device)


@pytest.mark.mosquitto
def test_offline_device_gets_the_new_config_pushed_when_it_reconnects(
    mosquitto: Mosquitto, db_url: str, sessions: sessionmaker[Session]
) -> None:
    """GIVEN a device at config 1 that goes offline WHEN a technician stores config 2 and the device comes
    back announcing version 1 in its birth THEN the hub pushes config.apply 2 once, the device applies it,
    and the fleet view shows reported 2 = desired 2."""
    settings = load_settings(
        db_url=db_url,
        broker_url=mosquitto.url,
        instance_id=f"t-{uuid.uuid4().hex[:8]}",
        config_push_interval_s=0.1,
    )
    hub = Consumer(settings, sessions).start()
    assert hub.wait_subscribed(10)
    pusher = ConfigPusher()
    pusher.start(BackgroundContext(settings, sessions, hub.link))
    double = VersionedDouble(mosquitto.port, "kiosk-9").start()
    try:
        with sessions() as s, s.begin():
            assert service.set_desired(s, "kiosk-9", CONFIG_V, now_ms()) == 1
        wait_until(lambda: (d := _device(sessions, "kiosk-9")) is not None and d.online, what="device online")
        time.sleep(0.5)
        assert double.applies == [], "a device at the desired version got a push"

        double.go_offline()
        wait_until(lambda: not _device(sessions, "kiosk-9").online, what="device offline")  # type: ignore[union-attr]
        with sessions() as s, s.begin():
            assert service.set_desired(s, "kiosk-9", {**CONFIG_V, "note": "v2"}, now_ms()) == 2

        double.come_back()
        wait_until(lambda: double.config_version == 2, what="config 2 applied")

        def fleet_row() -> FleetRow:
            with sessions() as s:
                return fleet_rows(s, now_ms())[0]

        wait_until(lambda: fleet_row().in_sync, what="fleet shows reported = desired")
        row = fleet_row()
        assert (row.reported_version, row.desired_version) == (2, 2)
        time.sleep(0.5)
        assert [a.version for a in double.applies] == [2], "pushed more than once"
        assert double.applies[0].config["note"] == "v2"
    finally:
        double.stop()
        pusher.stop()
        hub.stop()


def test_no_broker_link_means_no_push_and_no_error(sessions: sessionmaker[Session], db_url: str) -> None:
    settings = load_settings(db_url=db_url)
    assert ConfigPusher().step(BackgroundContext(settings, sessions, None)) == 0
