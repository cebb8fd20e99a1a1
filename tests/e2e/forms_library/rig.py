"""The forms library end to end on one machine, every part real: a private Mosquitto, the hub as a process
(HTTP + MQTT), a real kiosk agent with the ``forms`` and ``library`` components, a real counter agent that
reaches the broker through a relay the test can cut (offline at will), and the fleet simulator's devices,
each with its own library cache. Used by tests/e2e/forms_library and benchmarks/forms_push.py."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import httpx
from PIL import Image
from pyzbar import pyzbar

from edge_agent.agent import Agent
from edge_agent.config import config_from_mapping
from edge_agent.fleet import Fleet, FleetOptions
from edge_agent.forms_library.component import LibraryComponent
from hub.db.session import make_engine, make_session_factory
from hub.features import load_features
from hub.staff.accounts import create_user
from onestop.dev.tcp_relay import TcpRelay
from onestop.processes import Mosquitto
from tests.hub.serving import HubProcess
from tests.migrated import MigratedTemplates, migrate
from wire.printed import FormQr, form_from_qr

SITE = "tc-forms"


class FormsRig:
    def __init__(
        self, workdir: Path, migrated: MigratedTemplates | None = None, hub_env: dict[str, str] | None = None
    ) -> None:
        self.workdir, self.migrated = workdir, migrated
        self.hub_env = hub_env  # extra ONESTOP_HUB_* settings (a benchmark's fleet raises the unknown cap)
        self.broker = Mosquitto(workdir=workdir / "mosquitto")
        self.db_url = f"sqlite:///{workdir / 'hub.db'}"
        self.hub: HubProcess | None = None
        self.agents: dict[str, Agent] = {}
        self.relay: TcpRelay | None = None
        self.fleet: Fleet | None = None
        self.token = ""

    def start_hub(self) -> FormsRig:
        self.broker.start()
        load_features()
        migrate(self.db_url, self.migrated)  # a copy of the migrated template in a test (tests/migrated.py)
        engine = make_engine(self.db_url)
        with make_session_factory(engine)() as session, session.begin():
            self.token = create_user(session, "lee.super", "supervisor", "李課長")
        engine.dispose()
        self.hub = HubProcess(self.db_url, self.broker.url, self.workdir, env=self.hub_env).start(timeout=90)
        return self

    def start_agent(self, device: str, kind: str, *, relayed: bool = False) -> Agent:
        url = self.broker.url
        if relayed:
            self.relay = TcpRelay(self.broker.port).start()
            url = self.relay.url
        config = config_from_mapping({
            "device_id": device, "site": SITE, "kind": kind, "broker": {"url": url},
            "data_dir": str(self.workdir / device), "api": {"port": 0}, "ack_timeout": 2,
            "backoff": {"min": 0.1, "max": 0.5}, "health_interval": 60,
            "components": {"forms": {"directory": str(self.workdir / device / "printed")}, "library": {}},
        })  # fmt: skip
        agent = Agent(config)
        agent.add_configured_components()
        agent.start()
        self.agents[device] = agent
        return agent

    def start_fleet(self, devices: int, *, first: int = 1) -> Fleet:
        opts = FleetOptions(broker_url=self.broker.url, devices=devices, events=0,
                            data_dir=self.workdir / "fleet", forms=True, first=first)  # fmt: skip
        self.fleet = Fleet(opts, report=lambda _line: None)
        self.fleet.open()
        return self.fleet

    @property
    def url(self) -> str:
        assert self.hub is not None
        return f"http://127.0.0.1:{self.hub.port}"

    def staff(self) -> httpx.Client:
        client = httpx.Client(base_url=self.url, timeout=60, follow_redirects=True)
        assert client.post("/staff/login", data={"token": self.token}).status_code == 200
        return client

    def publish_template(self, client: httpx.Client, code: str, fields: str, note: str) -> int:
        """Upload template fields, open the preview, publish: as a supervisor does on /staff/forms."""
        sent = client.post(f"/staff/forms/{code}/drafts",
                           data={"kind": "template", "fields": fields, "effective": "2026-06-01", "note": note})  # fmt: skip
        assert sent.status_code == 200 and "預覽" in sent.text, sent.text[-2000:]  # redirected to the preview
        draft = re.search(r"/staff/forms/drafts/(\d+)/publish", sent.text)
        assert draft is not None
        done = client.post(f"/staff/forms/drafts/{draft.group(1)}/publish")
        assert done.status_code == 200, self.hub_log()
        version = re.search(r"已發布第 (\d+) 版", done.text)
        assert version is not None, done.text[-2000:]
        return int(version.group(1))

    def hub_log(self) -> str:
        return self.hub.log.read_text(errors="replace")[-30000:] if self.hub is not None else ""

    def stop(self) -> None:
        """Stop what was started (also after a start that failed half-way), each by its own handle."""
        if self.fleet is not None:
            self.fleet.close()
        for agent in self.agents.values():
            agent.stop()
        if self.relay is not None:
            self.relay.cut()
        if self.hub is not None:
            self.hub.stop()
        self.broker.stop()


def library(agent: Agent) -> LibraryComponent:
    return next(c for c in agent.components if isinstance(c, LibraryComponent))


def held_version(agent: Agent, form: str) -> int:
    held = library(agent).cache.held(form)
    return held.entry.version if held is not None else 0


def printed_qr(pdf: Path) -> tuple[FormQr, str]:
    """The form QR on page 1 of a printed PDF (poppler draws it, zbar reads it) and the page's text."""
    subprocess.run(["pdftoppm", "-r", "150", "-gray", "-png", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                    str(pdf.with_suffix(""))], check=True, timeout=60)  # fmt: skip
    codes = [c.data.decode() for c in pyzbar.decode(Image.open(pdf.with_suffix(".png")))]
    found = [q for q in (form_from_qr(c) for c in codes) if q is not None]
    assert len(found) == 1, codes
    text = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True, text=True,
                          check=True, timeout=30).stdout  # fmt: skip
    return found[0], re.sub(r"\s+", "", text)  # poppler spaces CJK and digits its own way
