"""A real edge agent for kiosk tests: private Mosquitto, a stand-in hub at the MQTT seam, printer on a socat
pty with its emulator, forms to a directory, scanner on SANE's pnm backend (no card reader: pcscd is shared)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from edge_agent.agent import Agent
from edge_agent.config import config_from_mapping
from hub.catalogue.loader import shipped_catalogue
from hub.catalogue.mqtt import kiosk_catalogue
from kiosk.catalogue import CatalogueCache
from onestop.dev.fake_agent import SAMPLE_SERVICES
from onestop.dev.printer_emulator import PrinterEmulator
from onestop.dev.ptys import PtyPair
from onestop.processes import Mosquitto
from tests.edge_agent.conftest import agent_settings
from tests.edge_agent.devices.scanner.conftest import page
from tests.edge_agent.fake_hub import FakeHub
from wire import Decoded
from wire.payloads.cases import CaseOpened, CaseQuery, CaseStatus, verify_query_password
from wire.payloads.kiosk import CatalogueResponse

RETURNED_CASE = "K261121-7QX4M-Z3P9H"


@dataclass
class Rig:
    agent: Agent
    hub: FakeHub  # the stand-in hub; a broken stub when the real hub serves (``fake_hub=False``)
    printer: PrinterEmulator
    forms_dir: Path

    @property
    def url(self) -> str:
        return self.agent.api.url

    def cases(self) -> list[CaseOpened]:
        return [m.body for m in list(self.hub.event_messages) if isinstance(m.body, CaseOpened)]


def _answer_query(rig_hub: FakeHub) -> Any:
    def respond(decoded: Decoded) -> CaseStatus:
        query = decoded.body
        assert isinstance(query, CaseQuery)
        for m in list(rig_hub.event_messages):
            body = m.body
            if (
                isinstance(body, CaseOpened)
                and body.case_no == query.case_no
                and verify_query_password(query.password, body.password_hash)
            ):
                return CaseStatus(
                    found=True, case_no=body.case_no, service_name=body.service, milestone_name="已受理"
                )
        return CaseStatus(found=False)

    return respond


def start_rig(mosquitto: Mosquitto, tmp_path: Path, sane: Path, *, fake_hub: bool = True) -> Iterator[Rig]:
    """The agent and its devices; with ``fake_hub`` a stand-in hub that acks events and answers requests
    (without it, run the real hub: two acknowledgers would let the agent forget events the hub never stored).
    ``sane`` is the process's SANE config dir (the ``sane_dir`` fixture: SANE caches the first one it reads)."""
    hub = FakeHub(mosquitto.url)
    if fake_hub:
        hub.responders["service.catalogue"] = lambda _d: CatalogueResponse.model_validate(
            {"version": 1, "services": list(SAMPLE_SERVICES)}
        )
        hub.responders["case.query"] = _answer_query(hub)
    else:
        hub.close()
    printer_pty = PtyPair(tmp_path / "tty", "printer").start()
    printer = PrinterEmulator(printer_pty.device).start()
    scans = []
    for i, case in enumerate([RETURNED_CASE, None]):
        scans.append(tmp_path / f"p{i}.pgm")
        page(case, f"page {i + 1}").save(scans[-1])
    components = {
        "printer": {"port": str(printer_pty.host)},
        "forms": {"directory": str(tmp_path / "forms")},
        "scanner": {"device": "pnm:0", "pnm_files": [str(f) for f in scans], "sane_config_dir": str(sane)},
    }
    agent = Agent(
        config_from_mapping(agent_settings(mosquitto.url, tmp_path / "agent", components=components))
    )
    agent.add_configured_components()
    agent.start()
    try:
        if fake_hub:
            assert hub.wait_for(lambda: bool(hub.states_of("kiosk-001")), 10)
        yield Rig(agent, hub, printer, tmp_path / "forms")
    finally:
        agent.stop()
        printer.stop()
        printer_pty.stop()
        if fake_hub:
            hub.close()


def hub_catalogue_cache(directory: Path) -> CatalogueCache:
    """A kiosk catalogue cache holding the hub's shipped kiosk services, as the hub's handler sends them."""
    cache = CatalogueCache(directory / "catalogue.json")
    cache.save(kiosk_catalogue(shipped_catalogue()).model_dump(mode="json"))
    return cache
