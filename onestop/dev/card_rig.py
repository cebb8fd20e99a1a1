"""A whole card-login installation on one machine, for end-to-end tests and the benchmark.

Private Mosquitto, a hub (consumer + card login, SQLite), an edge agent with the ``card`` component on the
private pcscd's vpcd reader, and its local API. The caller provides pcscd and the dev PKI.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from typing import Any

from onestop.dev.waiting import wait_until
from onestop.processes import Mosquitto


class CardLoginRig:
    def __init__(
        self, workdir: Path, reader_name: str, trust_anchors: Path, crl: Path, device: str = "kiosk-001"
    ) -> None:
        self.workdir = workdir
        self.reader_name = reader_name
        self.trust_anchors = trust_anchors
        self.crl = crl
        self.device = device
        self.broker: Mosquitto | None = None
        self.consumer: Any = None
        self.agent: Any = None
        self.engine: Any = None
        self.sessions: Any = None

    def start(self) -> CardLoginRig:
        from edge_agent.agent import Agent
        from edge_agent.config import config_from_mapping
        from hub.auth.runtime import runtime_for
        from hub.core.config import load_settings
        from hub.db.migrate import upgrade
        from hub.db.session import make_engine, make_session_factory
        from hub.features import load_features
        from hub.ingest.consumer import Consumer

        self.workdir.mkdir(parents=True, exist_ok=True)
        self.broker = Mosquitto(workdir=self.workdir / "mosquitto").start()
        db_url = f"sqlite:///{self.workdir / 'hub.db'}"
        settings = load_settings(
            db_url=db_url,
            broker_url=self.broker.url,
            instance_id=f"rig-{uuid.uuid4().hex[:8]}",
            trust_anchors=str(self.trust_anchors),
            crl=str(self.crl),
        )
        load_features()
        self.engine = make_engine(db_url)
        upgrade(self.engine)
        self.sessions = make_session_factory(self.engine)
        runtime_for(settings)
        self.consumer = Consumer(settings, self.sessions).start()
        if not self.consumer.wait_connected(10):
            raise RuntimeError("the hub did not connect to the private broker")
        config = config_from_mapping(
            {
                "device_id": self.device,
                "site": "test-site",
                "kind": "kiosk",
                "broker": {"url": self.broker.url},
                "data_dir": str(self.workdir / "agent"),
                "api": {"port": 0},
                "ack_timeout": 2,
                "backoff": {"min": 0.1, "max": 0.5},
                "components": {"card": {"reader": self.reader_name, "poll_timeout": 0.05}},
            }
        )
        self.agent = Agent(config)
        self.agent.add_configured_components()
        self.agent.start(api=True)
        wait_until(lambda: self.agent.session.online, 10)
        wait_until(lambda: self.card_status()["state"] == "empty", 10)
        return self

    def stop(self) -> None:
        if self.agent is not None:
            self.agent.stop()
        if self.consumer is not None:
            self.consumer.stop()
        if self.engine is not None:
            self.engine.dispose()
        if self.broker is not None:
            self.broker.stop()

    def __enter__(self) -> CardLoginRig:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- the kiosk's view: the agent's local API -----------------------------------------------------

    def call(self, method: str, path: str, body: Any = None) -> tuple[int, Any]:
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(
            f"{self.agent.api.url}{path}",
            data=data,
            method=method,
            headers={"Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(req, timeout=15) as resp:
                return resp.status, json.loads(resp.read())
        except urllib.error.HTTPError as exc:
            return exc.code, json.loads(exc.read())

    def card_status(self) -> dict[str, Any]:
        status, body = self.call("GET", "/v1/card")
        assert status == 200, body
        return dict(body)

    # -- the hub's view ------------------------------------------------------------------------------

    def hub_sessions(self) -> list[tuple[str, str | None]]:
        """(device, end_reason) of every citizen session the hub holds, oldest first."""
        from sqlalchemy import select

        from hub.auth.models import CitizenSessionRow

        with self.sessions() as s:
            rows = s.execute(
                select(CitizenSessionRow.device, CitizenSessionRow.end_reason).order_by(
                    CitizenSessionRow.opened_at
                )
            ).all()
        return [(d, r) for d, r in rows]
