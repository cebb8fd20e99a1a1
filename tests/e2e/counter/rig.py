"""A counter of a household-registration office on one machine, every part real: a private Mosquitto, the hub
as a process, a private cupsd with a file-backed A4 queue, and the counter PC's agent with the a4printer
component. Used by tests/e2e/counter and benchmarks/counter_tasks.py."""

from __future__ import annotations

from pathlib import Path

from edge_agent.agent import Agent
from edge_agent.config import config_from_mapping
from hub.db.session import make_engine, make_session_factory
from hub.features import load_features
from hub.staff.accounts import create_user
from onestop.dev.cups_rig import CupsRig
from onestop.dev.waiting import wait_until
from onestop.processes import Mosquitto
from tests.hub.serving import HubProcess
from tests.migrated import MigratedTemplates, migrate

SITE = "tc-xitun"
DEVICE = "counter-pc-01"
QUEUE = "counter_a4"
__all__ = ["DEVICE", "QUEUE", "SITE", "CounterRig", "wait_until"]


class CounterRig:
    def __init__(self, workdir: Path, migrated: MigratedTemplates | None = None) -> None:
        self.workdir, self.migrated = workdir, migrated
        self.broker = Mosquitto(workdir=workdir / "mosquitto")
        self.cups = CupsRig(workdir / "cups")
        self.hub: HubProcess | None = None
        self.agent: Agent | None = None
        self.tokens: dict[str, str] = {}

    def start(self) -> CounterRig:
        self.broker.start()
        self.cups.start()
        self.cups.add_queue(QUEUE)
        db_url = f"sqlite:///{self.workdir / 'hub.db'}"
        load_features()
        migrate(db_url, self.migrated)  # a copy of the migrated template in a test (tests/migrated.py)
        engine = make_engine(db_url)
        with make_session_factory(engine)() as session, session.begin():
            self.tokens["lin.counter"] = create_user(session, "lin.counter", "counter", "林櫃台")
        engine.dispose()
        self.hub = HubProcess(db_url, self.broker.url, self.workdir).start()
        config = config_from_mapping({
            "device_id": DEVICE, "site": SITE, "kind": "counter", "broker": {"url": self.broker.url},
            "data_dir": str(self.workdir / "agent"), "api": {"port": 0}, "ack_timeout": 2,
            "backoff": {"min": 0.1, "max": 0.5}, "health_interval": 60,
            "components": {"a4printer": {"queue": QUEUE, "server": self.cups.server, "poll_s": 0.2}},
        })  # fmt: skip
        self.agent = Agent(config)
        self.agent.add_configured_components()
        self.agent.start(api=False)
        return self

    @property
    def url(self) -> str:
        assert self.hub is not None
        return f"http://127.0.0.1:{self.hub.port}"

    def printed(self) -> list[Path]:
        return self.cups.printed(QUEUE)

    def stop(self) -> None:
        """Stop what was started (also after a start that failed half-way), each by its own handle."""
        if self.agent is not None:
            self.agent.stop()
        if self.hub is not None:
            self.hub.stop()
        self.cups.stop()
        self.broker.stop()
