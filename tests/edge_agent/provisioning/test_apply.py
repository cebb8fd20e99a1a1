"""Applying a hub configuration to the agent's components: what is rebuilt, what is rolled back, what is refused.

A real Agent (not connected) with fake components at the build seam; the end-to-end run on real hardware
emulation is tests/e2e/provisioning/test_configured_from_hub.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from edge_agent.agent import Agent
from edge_agent.components import alarms_for
from edge_agent.config import AgentConfig, config_from_mapping
from edge_agent.provisioning.apply import Part, PeripheralApplier, changed, parts_of
from edge_agent.routes import Route
from wire import ComponentState
from wire.payloads.device import ComponentHealth

SITE, DEVICE = "taipei-1", "kiosk-1"


def printer(port: str) -> dict[str, Any]:
    return {
        "device": {"id": DEVICE, "site": SITE, "kind": "receipt_printer"},
        "receipt_printer": {"serial": {"port": port}},
    }


SCANNER = {"device": {"id": DEVICE, "site": SITE, "kind": "scanner"}, "scanner": {"device": "test:0"}}


class FakePeripheral:
    """A component that 'starts' unless its port is named ``missing``; records its life cycle."""

    def __init__(self, part: Part, log: list[str]) -> None:
        self.name = part.name
        self.block = part.model()
        self.log = log
        self.commands: list[str] = []

    @property
    def port(self) -> str:
        serial = getattr(self.block, "serial", None)
        return serial.port if serial is not None else getattr(self.block, "device", "")

    def start(self, agent: Any) -> None:
        self.log.append(f"start {self.name} {self.port}")
        agent.on_command(f"{self.name}.poke", self.poke)

    def poke(self, body: Any) -> str:
        return f"{self.name} on {self.port}"

    def wait_started(self, timeout: float) -> str:
        return f"port {self.port} does not exist" if self.port == "missing" else ""

    def stop(self) -> None:
        self.log.append(f"stop {self.name} {self.port}")

    def health(self) -> ComponentHealth:
        return ComponentHealth(state=ComponentState.OK)

    def routes(self) -> list[Route]:
        return [Route("GET", f"/v1/{self.name}/status", lambda _r: {"port": self.port})]


@pytest.fixture
def agent(tmp_path: Path):
    config = config_from_mapping(
        {
            "device_id": DEVICE,
            "site": SITE,
            "kind": "kiosk",
            "broker": {"url": "mqtt://127.0.0.1:1"},
            "data_dir": str(tmp_path),
        }
    )
    a = Agent(config)
    yield a
    a.stop()


def applier_for(agent: Agent, log: list[str]) -> PeripheralApplier:
    def build(part: Part, _config: AgentConfig) -> FakePeripheral:
        return FakePeripheral(part, log)

    return PeripheralApplier(agent, build=build, start_timeout=1)


def ports(agent: Agent) -> dict[str, str]:
    return {c.name: c.port for c in agent.components}  # type: ignore[attr-defined]


def test_parts_and_changes_are_computed_from_the_one_schema() -> None:
    one = parts_of({"devices": [printer("/dev/ttyS0"), SCANNER]})
    two = parts_of({"devices": [printer("/dev/ttyS1"), SCANNER]})
    assert sorted(one) == ["printer", "scanner"]
    assert changed(one, two) == ["printer"]
    assert changed(one, {}) == ["printer", "scanner"]
    assert changed(one, one) == []
    assert '"baudrate": 9600' in one["printer"].block  # the schema's default, not a second one
    reader = {
        "device": {"id": DEVICE, "site": SITE, "kind": "card_reader"},
        "card_reader": {"reader": "R 00"},
    }
    [card] = parts_of({"devices": [reader]}).values()
    assert card.name == "card" and card.model().reader == "R 00"  # type: ignore[union-attr]


def test_only_the_changed_component_is_rebuilt_and_its_command_moves_with_it(agent: Agent) -> None:
    log: list[str] = []
    applier = applier_for(agent, log)
    assert applier.apply({"devices": [printer("/dev/ttyS0"), SCANNER]}).ok
    log.clear()
    outcome = applier.apply({"devices": [printer("/dev/ttyS1"), SCANNER]})
    assert outcome.ok and outcome.rebuilt == ["printer"]
    assert log == ["stop printer /dev/ttyS0", "start printer /dev/ttyS1"]  # the scanner was not touched
    assert ports(agent) == {"printer": "/dev/ttyS1", "scanner": "test:0"}
    assert agent._commands["printer.poke"](None) == "printer on /dev/ttyS1"


def test_a_component_that_does_not_start_rolls_back_to_the_last_good_one(agent: Agent) -> None:
    log: list[str] = []
    applier = applier_for(agent, log)
    assert applier.apply({"devices": [printer("/dev/ttyS0")]}).ok
    log.clear()
    outcome = applier.apply({"devices": [printer("missing"), SCANNER]})
    assert not outcome.ok
    assert outcome.reason == "printer: port missing does not exist"
    assert ports(agent) == {"printer": "/dev/ttyS0"}, "the last good printer runs again, no scanner"
    assert log[-1] == "start printer /dev/ttyS0"
    assert applier.running == parts_of({"devices": [printer("/dev/ttyS0")]})
    assert agent._commands["printer.poke"](None) == "printer on /dev/ttyS0"


def test_a_component_also_set_in_agent_yaml_is_refused_and_nothing_changes(tmp_path: Path) -> None:
    config = config_from_mapping(
        {
            "device_id": DEVICE,
            "site": SITE,
            "kind": "kiosk",
            "broker": {"url": "mqtt://127.0.0.1:1"},
            "data_dir": str(tmp_path),
            "components": {"printer": {"serial": {"port": "/dev/ttyS9"}}},
        }
    )
    agent = Agent(config)
    try:
        log: list[str] = []
        with pytest.raises(ValueError, match=r"printer is configured in agent.yaml \(components.printer\)"):
            applier_for(agent, log).apply({"devices": [printer("/dev/ttyS0")]})
        assert log == [] and agent.components == []
    finally:
        agent.stop()


def test_a_removed_component_clears_its_alarm() -> None:
    before = {"printer": ComponentHealth(state=ComponentState.ERROR, reason="paper out")}
    [alarm] = alarms_for(before, {})
    assert (alarm.component, alarm.code, alarm.active) == ("printer", "error", False)


def test_a_rolled_back_version_is_reported_remembered_and_not_retried_on_its_own(agent: Agent) -> None:
    from edge_agent.provisioning.component import ProvisioningComponent
    from edge_agent.provisioning.store import ProvisioningStore
    from wire.payloads.provisioning import ConfigApplied, ConfigRolledBack, IssuedCredentials

    store = ProvisioningStore(agent.config.data_dir)
    store.save_credentials(IssuedCredentials(device_id=DEVICE, site=SITE, broker_url="mqtt://h:1",
                                             username=DEVICE, password="p" * 32))  # fmt: skip
    log: list[str] = []
    component = ProvisioningComponent(store, applier=applier_for(agent, log))
    component.agent = agent
    assert component.apply(1, {"devices": [printer("/dev/ttyS0")]}) == "applied config version 1"
    with pytest.raises(ValueError, match="config version 2 rolled back to 1: printer: port missing"):
        component.apply(2, {"devices": [printer("missing")]}, retry=False)
    entries = agent.outbox.peek(after=0, limit=10)
    assert [e.type for e in entries] == [ConfigApplied.TYPE, ConfigRolledBack.TYPE]
    applied = ConfigApplied.model_validate_json(entries[0].body)
    rolled = ConfigRolledBack.model_validate_json(entries[1].body)
    assert applied.components["printer"].state == "ok"
    assert (rolled.version, rolled.running_version) == (2, 1) and "port missing" in rolled.reason
    saved = store.load()
    assert saved is not None and saved.config_version == 1 and saved.rolled_back_version == 2
    assert saved.config == {"devices": [printer("/dev/ttyS0")]}, "the last good config stays on disk"
    starts = len([x for x in log if x.startswith("start")])
    with pytest.raises(ValueError, match="was rolled back: printer: port missing"):
        component.apply(2, {"devices": [printer("missing")]}, retry=False)  # the hub pushing it again
    assert len([x for x in log if x.startswith("start")]) == starts, "not tried again on its own"
    assert ports(agent) == {"printer": "/dev/ttyS0"}


def test_a_counters_a4_printer_and_barcode_reader_come_from_the_one_schema_too(tmp_path: Path) -> None:
    """GIVEN a counter's configuration with an A4 printer (CUPS queue) and a 2D reader THEN each becomes its
    agent component from firmware_config's block, and a bad block is refused naming the key."""
    from edge_agent.provisioning.apply import build_part
    from firmware_config.device_config import DeviceConfigError, check

    config = {"devices": [
        {"device": {"id": "counter-a4", "site": "tc-xitun", "kind": "a4_printer"},
         "a4_printer": {"queue": "counter_a4", "server": "127.0.0.1:6310"}},
        {"device": {"id": "counter-reader", "site": "tc-xitun", "kind": "barcode_reader"},
         "barcode_reader": {"serial": {"port": "/dev/ttyACM0"}, "office": "HR-TAOYUAN"}},
    ]}  # fmt: skip
    parts = parts_of(config)
    assert sorted(parts) == ["a4printer", "barcode"]
    agent_config = config_from_mapping({"device_id": "counter-9", "site": "tc-xitun", "kind": "counter",
                                        "broker": {"url": "mqtt://127.0.0.1:1"}, "data_dir": str(tmp_path)})  # fmt: skip
    assert build_part(parts["a4printer"], agent_config).name == "a4printer"
    assert build_part(parts["barcode"], agent_config).name == "barcode"
    bad = {"devices": [{"device": {"id": "counter-a4", "site": "tc-xitun", "kind": "a4_printer"},
                        "a4_printer": {"queue": "no spaces allowed"}}]}  # fmt: skip
    with pytest.raises(DeviceConfigError, match="queue"):
        check(bad)
