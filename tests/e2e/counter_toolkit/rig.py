"""Two household-registration offices on one machine, every part real: a private Mosquitto, the hub as a process,
and counter agents whose scanner component scans through SANE's pnm backend (the "paper" is a
drawn seal impression). Used by tests/e2e/counter_toolkit and benchmarks/seal_compare.py."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from edge_agent.agent import Agent
from edge_agent.config import config_from_mapping
from hub.db.session import make_engine, make_session_factory
from hub.features import load_features
from hub.staff.accounts import create_user
from onestop.dev.waiting import wait_until
from onestop.processes import Mosquitto
from tests.hub.serving import HubProcess
from tests.migrated import MigratedTemplates, migrate

OFFICES = {"counter-xitun": "tc-xitun", "counter-fengyuan": "tc-fengyuan", "archive-xitun": "tc-xitun"}
#: Pages each device's feeder holds per scan: the archive desk scans an application and its attachment.
FEED = {"counter-xitun": 1, "counter-fengyuan": 1, "archive-xitun": 2}


class SealRig:
    """``paper[device]`` are the PNM files that device's scanner "feeds" on every scan; replace them between scans."""

    def __init__(self, workdir: Path, sane_dir: Path, migrated: MigratedTemplates | None = None) -> None:
        self.workdir, self.sane_dir, self.migrated = workdir, sane_dir, migrated
        self.broker = Mosquitto(workdir=workdir / "mosquitto")
        self.hub: HubProcess | None = None
        self.agents: dict[str, Agent] = {}
        self.tokens: dict[str, str] = {}
        self.paper = {
            device: [workdir / f"{device}-{n}.pnm" for n in range(FEED[device])] for device in OFFICES
        }
        self.db_url = f"sqlite:///{workdir / 'hub.db'}"

    def start(self) -> SealRig:
        self.broker.start()
        load_features()
        migrate(self.db_url, self.migrated)  # a copy of the migrated template in a test (tests/migrated.py)
        engine = make_engine(self.db_url)
        with make_session_factory(engine)() as session, session.begin():
            self._accounts(session)
        engine.dispose()
        self.hub = HubProcess(self.db_url, self.broker.url, self.workdir).start()
        for device, office in OFFICES.items():
            config = config_from_mapping({
                "device_id": device, "site": office, "kind": "counter", "broker": {"url": self.broker.url},
                "data_dir": str(self.workdir / "agents" / device), "api": {"port": 0}, "ack_timeout": 2,
                "backoff": {"min": 0.1, "max": 0.5}, "health_interval": 60,
                "components": {"scanner": {"device": "pnm:0", "sane_config_dir": str(self.sane_dir),
                                           "pnm_files": [str(p) for p in self.paper[device]], "probe_every": 0}},
            })  # fmt: skip
            agent = Agent(config)
            agent.add_configured_components()
            agent.start(api=False)
            self.agents[device] = agent
        engine = make_engine(self.db_url)
        try:
            from hub.devices.models import Device

            def online() -> bool:
                with make_session_factory(engine)() as session:
                    return all(
                        (d := session.get(Device, device)) is not None
                        and d.online
                        and "scanner" in (d.components or [])
                        for device in OFFICES
                    )

            wait_until(online, 15, "both counter agents online with their scanners")
        finally:
            engine.dispose()
        return self

    def _accounts(self, session: Session) -> None:
        for name, shown in [("lin.xitun", "林西屯"), ("wu.fengyuan", "吳豐原")]:
            self.tokens[name] = create_user(session, name, "counter", shown)

    def put_paper(self, device: str, *images: Any) -> None:
        """What lies in the scanner's feeder now, one image per page (PNM, as the pnm backend reads it)."""
        assert len(images) == len(self.paper[device]), f"{device} scans {len(self.paper[device])} page(s)"
        for path, image in zip(self.paper[device], images, strict=True):
            tmp = path.with_suffix(".tmp")
            image.convert("RGB").save(tmp, format="PPM")
            os.replace(tmp, path)

    @property
    def url(self) -> str:
        assert self.hub is not None
        return f"http://127.0.0.1:{self.hub.port}"

    def stop(self) -> None:
        for agent in self.agents.values():
            agent.stop()
        if self.hub is not None:
            self.hub.stop()
        self.broker.stop()
