"""The peripherals inside a real agent: configured by name, reached over the local HTTP API and over MQTT
(private Mosquitto, a stand-in hub that acknowledges), with socat ptys, emulators and SANE's pnm backend."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from edge_agent.agent import Agent
from edge_agent.config import config_from_mapping
from onestop.dev.keypad_emulator import KeypadEmulator
from onestop.dev.printer_emulator import PrinterEmulator
from onestop.dev.ptys import PtyPair
from onestop.dev.waiting import wait_until
from onestop.processes import Mosquitto
from tests.edge_agent.conftest import agent_settings
from tests.edge_agent.devices.scanner.conftest import CASE, page
from tests.edge_agent.fake_hub import FakeHub
from wire.enums import CommandStatus
from wire.payloads.device import Alarm, CommandAck
from wire.payloads.documents import DocumentBatch, DocumentPage, PrintJob
from wire.payloads.ratings import KeypadPrompt, RatingButton, RatingPressed

SHIPPED_KEYPAD = Path(__file__).parents[3] / "firmware_config" / "devices"


def http(agent: Agent, method: str, path: str, body: object = None) -> tuple[int, Any]:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(agent.api.url + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})  # fmt: skip
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read())


@pytest.fixture
def rig(
    mosquitto: Mosquitto, fake_hub: FakeHub, tmp_path: Path, sane_dir: Path
) -> Iterator[tuple[Agent, dict[str, Any]]]:
    printer_pty = PtyPair(tmp_path / "tty", "printer").start()
    keypad_pty = PtyPair(tmp_path / "tty", "keypad").start()
    printer_emu = PrinterEmulator(printer_pty.device).start()
    keypad_emu = KeypadEmulator(keypad_pty.device).start()
    files = []
    for i, case in enumerate([CASE, None, CASE]):
        files.append(tmp_path / f"p{i}.pgm")
        page(case, f"page {i + 1}").save(files[-1])
    components = {
        "printer": {"serial": {"port": str(printer_pty.host)}},
        "keypad": {
            "device_file": str(SHIPPED_KEYPAD / "tpe-xinyi-c01-keypad.yaml"),
            "port": str(keypad_pty.host),
        },
        "scanner": {"device": "pnm:0", "pnm_files": [str(f) for f in files]},
        "forms": {"directory": str(tmp_path / "forms")},
    }
    config = config_from_mapping(agent_settings(mosquitto.url, tmp_path / "agent", components=components))
    agent = Agent(config)
    agent.add_configured_components()
    agent.start()
    kit = {"printer_pty": printer_pty, "printer_emu": printer_emu, "keypad_emu": keypad_emu, "hub": fake_hub}
    try:
        assert fake_hub.wait_for(lambda: bool(fake_hub.states_of("kiosk-001")), 10)
        yield agent, kit
    finally:
        agent.stop()
        keypad_emu.stop()
        printer_emu.stop()
        keypad_pty.stop()
        printer_pty.stop()


def bodies(hub: FakeHub, kind: type) -> list[Any]:
    return [m.body for m in list(hub.event_messages) if isinstance(m.body, kind)]


@pytest.mark.mosquitto
def test_devices_work_through_the_agent(rig: tuple[Agent, dict[str, Any]]) -> None:
    agent, kit = rig
    hub: FakeHub = kit["hub"]
    # keypad: a hub command reaches it (and is acknowledged), a press reaches the hub tied to the counter
    wait_until(lambda: agent.session.commands_ready, what="the agent's command subscription granted")
    cmd = hub.send("test-site", "kiosk-001", KeypadPrompt(counter="c01", prompt="feedc0de", voice=1))
    acks = lambda: [m.body for m in hub.other if isinstance(m.body, CommandAck) and m.envelope.corr == cmd]  # noqa: E731
    assert hub.wait_for(lambda: bool(acks()))
    assert acks()[0].status is CommandStatus.DONE
    assert [f.verb.value for f in kit["keypad_emu"].commands] == ["PROMPT"]
    kit["keypad_emu"].press(1)
    assert hub.wait_for(lambda: len(bodies(hub, RatingPressed)) == 1)
    rating = bodies(hub, RatingPressed)[0]
    assert (rating.counter, rating.button, rating.prompt) == ("c01", RatingButton.VERY_SATISFIED, "feedc0de")
    # printer: a payment slip over the local API is printed once and audited
    slip = {"job": "9" * 32, "org": "桃園市政府", "service": "規費", "case_no": CASE, "payment_no": "1150000123",
            "amount": 1500, "due": "2026-12-31", "item_code": "XHM"}  # fmt: skip
    assert http(agent, "POST", "/v1/printer/payment-slips", slip)[0] == 202
    assert hub.wait_for(lambda: len(bodies(hub, PrintJob)) == 1)
    assert len(kit["printer_emu"].machine.complete_sheets) == 1
    # scanner: three pages, in order, the one without QR flagged; local copies go once the hub acked
    status, result = http(agent, "POST", "/v1/scanner/scans", {"case_no": CASE})
    assert status == 200 and result["outcome"] == "completed", result
    assert hub.wait_for(lambda: len(bodies(hub, DocumentBatch)) == 1)
    pages = sorted(bodies(hub, DocumentPage), key=lambda p: p.page_index)
    assert [(p.page_index, p.case_no) for p in pages] == [(0, CASE), (1, None), (2, CASE)]
    scanner = next(c for c in agent.components if c.name == "scanner")
    wait_until(lambda: agent.outbox.depth() == 0, what="the outbox drained")
    assert scanner.purge_confirmed() == 3  # type: ignore[attr-defined]
    # health: an unplugged printer raises an alarm at the hub, and it is cleared when it comes back
    kit["printer_emu"].stop()
    kit["printer_pty"].stop()
    assert hub.wait_for(lambda: any(a.component == "printer" and a.active for a in bodies(hub, Alarm)))
    kit["printer_pty"].start()
    kit["printer_emu"] = PrinterEmulator(kit["printer_pty"].device).start()
    assert hub.wait_for(lambda: any(a.component == "printer" and not a.active for a in bodies(hub, Alarm)))
    assert http(agent, "GET", "/v1/printer/status")[1]["state"] == "ok"
