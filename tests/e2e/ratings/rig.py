"""A whole ratings installation on one machine, every part real: a private Mosquitto, the hub as a process
(``onestop hub serve``), edge agents whose keypad components read socat ptys, keypad emulators on the far ends.

Office tpe-xinyi: counters with keypads (agents counter-pc-NN) and the supervisor's desk buzzer (agent sup-pc,
keypad ``sup``). Used by tests/e2e/ratings and benchmarks/rating_alarm.py.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy.orm import Session

from edge_agent.agent import Agent
from edge_agent.config import config_from_mapping
from hub.db.session import make_engine, make_session_factory
from hub.features import load_features
from hub.staff.accounts import create_user
from onestop.dev.keypad_emulator import KeypadEmulator
from onestop.dev.ptys import PtyPair
from onestop.dev.waiting import wait_until
from onestop.processes import Mosquitto
from tests.hub.serving import HubProcess
from tests.migrated import MigratedTemplates, migrate
from wire import now_ms

REPO = Path(__file__).resolve().parents[3]
KEYPAD_BASE = REPO / "firmware_config" / "devices" / "packages" / "keypad-base.yaml"
SITE = "tpe-xinyi"
KEYS = {"very_satisfied": 1, "satisfied": 2, "dissatisfied": 3, "very_dissatisfied": 4}

KEYPAD_YAML = """packages:
  base: !include packages/keypad-base.yaml
device:
  id: {site}-{counter}-keypad
  site: {site}
  kind: keypad
  name: {name}
keypad:
  counter: {counter}
  serial:
    port: /dev/ttyUSB0
"""


class Keypad:
    """One keypad: socat pty pair, emulator on the device end, an agent whose keypad component has the host end."""

    def __init__(self, rig: RatingRig, counter: str, device: str, name: str) -> None:
        self.counter, self.device = counter, device
        yaml_path = rig.workdir / "keypads" / f"{counter}.yaml"
        yaml_path.write_text(KEYPAD_YAML.format(site=SITE, counter=counter, name=name), encoding="utf-8")
        self.pty = PtyPair(rig.workdir / "tty", counter).start()
        try:
            self.emulator = KeypadEmulator(self.pty.device).start()
            self.agent = self._agent(rig, device, yaml_path)
        except BaseException:
            self.pty.stop()
            raise
        self.last_press = 0.0

    def _agent(self, rig: RatingRig, device: str, yaml_path: Path) -> Agent:
        config = config_from_mapping({
            "device_id": device, "site": SITE, "kind": "counter", "broker": {"url": rig.broker.url},
            "data_dir": str(rig.workdir / "agents" / device), "api": {"port": 0}, "ack_timeout": 2,
            "backoff": {"min": 0.1, "max": 0.5}, "health_interval": 60,
            "components": {"keypad": {"device_file": str(yaml_path), "port": str(self.pty.host)}},
        })  # fmt: skip
        agent = Agent(config)
        agent.add_configured_components()
        agent.start(api=False)
        return agent

    def frames(self, verb: str) -> list[Any]:
        return [f for f in list(self.emulator.commands) if f.verb.value == verb]

    def press(self, button: str) -> float:
        """Press a key as a citizen would; returns the wall-clock time (ms) the line was written."""
        t = time.time() * 1000
        self.emulator.press(KEYS[button])
        self.last_press = time.monotonic()
        return t

    @property
    def component(self) -> Any:
        """The agent's keypad component (``RatingKeypad``): its line, health and bad frames."""
        return next(c for c in self.agent.components if c.name == "keypad")

    @property
    def core(self) -> Any:
        """The agent's keypad rules (pure core): what it has read, accepted and dropped."""
        return self.component.core

    def wait_out_guard(self, guard_ms: int) -> None:
        """Wait until the agent has read every press written so far and its repeat guard has run out.

        The guard runs on the agent's clock from the moment it *read* the last accepted press, which on a
        loaded machine can be well after the line was written; a test that counts from its own write time
        presses inside the guard and the press is (rightly) dropped."""
        core = self.core
        wait_until(lambda: self.emulator.seq == 0 or core.last_seq == self.emulator.seq, 10,
                   f"the {self.counter} agent reading the last press")  # fmt: skip
        accepted = core.last_accepted_ms
        if accepted is not None:
            wait_until(lambda: now_ms() >= accepted + guard_ms + 20, (guard_ms + 1000) / 1000,
                       "the keypad's repeat guard running out")  # fmt: skip

    def stop(self) -> None:
        self.agent.stop()
        self.emulator.stop()
        self.pty.stop()


class RatingRig:
    def __init__(self, workdir: Path, counters: int = 1, migrated: MigratedTemplates | None = None) -> None:
        self.workdir, self.migrated = workdir, migrated
        self.counters = counters
        self.keypads: dict[str, Keypad] = {}
        self.tokens: dict[str, str] = {}
        self.hub: HubProcess | None = None
        self.broker = Mosquitto(workdir=workdir / "mosquitto")

    def start(self) -> RatingRig:
        (self.workdir / "keypads" / "packages").mkdir(parents=True, exist_ok=True)
        shutil.copy(KEYPAD_BASE, self.workdir / "keypads" / "packages" / "keypad-base.yaml")
        self.broker.start()
        db_url = f"sqlite:///{self.workdir / 'hub.db'}"
        load_features()
        migrate(db_url, self.migrated)  # a copy of the migrated template in a test (tests/migrated.py)
        engine = make_engine(db_url)
        with make_session_factory(engine)() as session, session.begin():
            self._accounts(session)
        engine.dispose()
        self.hub = HubProcess(db_url, self.broker.url, self.workdir).start()
        self.http = httpx.Client(base_url=f"http://127.0.0.1:{self.hub.port}", timeout=10)
        self.api("PUT", f"/api/v1/ratings/offices/{SITE}", "chen.super",
                 {"name": "信義區戶政事務所", "buzzer_device": "sup-pc", "buzzer_counter": "sup"})  # fmt: skip
        for i in range(1, self.counters + 1):
            counter = f"c{i:02d}"
            staff = "lin.counter" if i == 1 else None
            self.api("PUT", f"/api/v1/ratings/counters/{SITE}/{counter}", "chen.super",
                     {"device": f"counter-pc-{i:02d}", "name": f"{i}號櫃檯", "staff": staff})  # fmt: skip
            self.keypads[counter] = Keypad(self, counter, f"counter-pc-{i:02d}", f"{i}號櫃檯 評分機")
        self.supervisor_buzzer = Keypad(self, "sup", "sup-pc", "主管桌 警示器")
        return self

    def _accounts(self, session: Session) -> None:
        for name, role, shown in [
            ("lin.counter", "counter", "林櫃台"),
            ("chen.super", "supervisor", "陳主任"),
        ]:
            self.tokens[name] = create_user(session, name, role, shown)

    @property
    def url(self) -> str:
        assert self.hub is not None
        return f"http://127.0.0.1:{self.hub.port}"

    def api(self, method: str, path: str, who: str, body: Any = None, expect: int | None = None) -> Any:
        response = self.http.request(
            method, path, json=body, headers={"Authorization": f"Bearer {self.tokens[who]}"}
        )
        if expect is not None:
            assert response.status_code == expect, response.text
        elif response.status_code >= 400:
            raise AssertionError(f"{method} {path}: {response.status_code} {response.text}")
        return (
            response.json()
            if response.headers.get("content-type", "").startswith("application/json")
            else response
        )

    def stats(self, who: str = "chen.super") -> dict[str, Any]:
        result: dict[str, Any] = self.api("GET", "/api/v1/ratings/stats?dimension=counter&period=day", who)
        return result

    def stop(self) -> None:
        """Stop what was started (also after a start that failed half-way)."""
        for keypad in [*self.keypads.values(), getattr(self, "supervisor_buzzer", None)]:
            if keypad is not None:
                keypad.stop()
        if hasattr(self, "http"):
            self.http.close()
        if self.hub is not None:
            self.hub.stop()
        self.broker.stop()
