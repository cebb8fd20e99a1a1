"""The provisioning component with a fake agent at the seam: validate, store, report; bad config changes nothing."""

from __future__ import annotations

import threading
from types import SimpleNamespace

import pytest

from edge_agent.mqtt_session import SessionHooks
from edge_agent.provisioning.component import ProvisioningComponent
from edge_agent.provisioning.store import ProvisioningStore
from wire import DeviceKind
from wire.payloads.device import Birth
from wire.payloads.provisioning import (
    ConfigApplied,
    ConfigApply,
    ConfigDesired,
    ConfigSync,
    IssuedCredentials,
)

GOOD = {
    "devices": [
        {
            "device": {"id": "kiosk-1", "site": "taipei-1", "kind": "receipt_printer"},
            "receipt_printer": {"serial": {"port": "/dev/ttyUSB0"}},
        }
    ]
}


class FakeAgent:
    def __init__(self, desired: ConfigDesired | None = None) -> None:
        self.config = SimpleNamespace(device_id="kiosk-1", kind=DeviceKind.KIOSK)
        self.config_version = 0  # like the real Agent: births report it
        self.session = SimpleNamespace(
            hooks=SessionHooks(
                birth=lambda: Birth(
                    kind=DeviceKind.KIOSK, agent_version="9", config_version=self.config_version
                )
            ),
            online=False,
            session=0,
        )
        self.commands: dict = {}
        self.emitted: list = []
        self.requests: list = []
        self.desired = desired
        self.synced = threading.Event()

    def on_command(self, name, handler):
        self.commands[name] = handler

    def emit(self, body):
        self.emitted.append(body)
        return "id"

    def request(self, body, timeout=5.0):
        self.requests.append(body)
        self.synced.set()
        return self.desired


@pytest.fixture
def store(tmp_path):
    s = ProvisioningStore(tmp_path)
    s.save_credentials(
        IssuedCredentials(
            device_id="kiosk-1",
            site="taipei-1",
            broker_url="mqtt://h:1",
            username="kiosk-1",
            password="p" * 32,
        )
    )
    return s


def test_apply_stores_reports_and_births_carry_the_version(store):
    agent, comp = FakeAgent(), ProvisioningComponent(store, restart=lambda: None)
    comp.start(agent)
    try:
        assert (
            agent.commands["config.apply"](ConfigApply(version=2, config=GOOD)) == "applied config version 2"
        )
        assert agent.emitted == [ConfigApplied(version=2)]
        assert store.load().config_version == 2
        birth = agent.session.hooks.birth()
        assert birth.config_version == 2 and birth.agent_version == "9"
        assert (
            agent.commands["config.apply"](ConfigApply(version=1, config=GOOD))
            == "already at config version 2"
        )
        assert ProvisioningComponent(store).version == 2  # survives a restart
    finally:
        comp.stop()


def test_bad_config_fails_the_command_and_changes_nothing(store):
    agent, comp = FakeAgent(), ProvisioningComponent(store)
    comp.start(agent)
    try:
        before = store.path.read_bytes()
        wrong_device = {
            "devices": [{**GOOD["devices"][0], "device": {**GOOD["devices"][0]["device"], "id": "kiosk-2"}}]
        }
        with pytest.raises(ValueError, match="is for device 'kiosk-2', not 'kiosk-1'"):
            agent.commands["config.apply"](ConfigApply(version=1, config=wrong_device))
        assert store.path.read_bytes() == before and comp.version == 0 and agent.emitted == []
        assert comp.health().state.value == "warning" and "refused" in comp.health().reason
    finally:
        comp.stop()


def test_new_session_syncs_and_catches_up(store):
    """GIVEN config pushed while offline WHEN the session comes up THEN the device asks and applies it."""
    agent = FakeAgent(ConfigDesired(version=4, config=GOOD))
    comp = ProvisioningComponent(store)
    comp.start(agent)
    try:
        agent.session.online, agent.session.session = True, 7
        assert agent.synced.wait(5)
        assert agent.requests[0] == ConfigSync(version=0)
        for _ in range(50):
            if comp.version == 4:
                break
            threading.Event().wait(0.05)
        assert comp.version == 4 and agent.emitted == [ConfigApplied(version=4)]
    finally:
        comp.stop()


def test_local_api_status_and_confirmed_factory_reset(store):
    from edge_agent.routes import ApiError, ApiRequest

    restarted = threading.Event()
    comp = ProvisioningComponent(store, restart=restarted.set)
    routes = {(r.method, r.path): r.handler for r in comp.routes()}
    status = routes[("GET", "/v1/provisioning/status")](ApiRequest("GET", "/v1/provisioning/status"))
    assert status == {"provisioned": True, "site": "taipei-1", "counter": "", "config_version": 0}
    reset = routes[("POST", "/v1/provisioning/factory-reset")]
    with pytest.raises(ApiError, match="confirm"):
        reset(ApiRequest("POST", "/v1/provisioning/factory-reset", body={}))
    assert store.load() is not None  # unconfirmed: nothing forgotten
    assert reset(ApiRequest("POST", "/v1/provisioning/factory-reset", body={"confirm": "factory-reset"}))[
        "reset"
    ]
    assert store.load() is None and restarted.wait(5)
