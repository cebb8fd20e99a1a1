"""Issue 18, defect 3 end to end by touch: the receipt a real agent printed (ESC/POS on a pty, read back from
the printer emulator) is fed to SANE's pnm scanner; "scan receipt" on the progress screen reads its QR through
the agent's POST /v1/scanner/codes and fills case number and password, and the query is answered."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from edge_agent.devices.printer.machine import image_from_sheet
from kiosk.agent_client import HttpAgentClient
from kiosk.catalogue import CatalogueCache
from onestop.processes import Mosquitto
from tests.e2e.kiosk.rig import Rig, start_rig
from tests.kiosk.ui.helpers import NATIONAL_ID, apply_for, kiosk_on, print_from_plan

pytestmark = pytest.mark.mosquitto


@pytest.fixture
def rig(mosquitto: Mosquitto, tmp_path: Path, sane_dir: Path) -> Iterator[Rig]:
    yield from start_rig(mosquitto, tmp_path, sane_dir)


@pytest.fixture
def agent_kiosk(_driver: Any, rig: Rig, tmp_path: Path) -> Iterator[Any]:
    yield from kiosk_on(
        _driver, HttpAgentClient(rig.url), CatalogueCache(tmp_path / "kiosk" / "catalogue.json")
    )


def test_the_printed_receipt_scanned_fills_the_query(agent_kiosk: Any, rig: Rig, tmp_path: Path) -> None:
    kiosk = agent_kiosk
    kiosk.tap(kiosk.find("light_id"))
    kiosk.type_keys(NATIONAL_ID + "0540312")
    kiosk.tap(kiosk.find("submit"))
    kiosk.wait_until(lambda: kiosk.app.current == "catalogue", timeout=20)
    apply_for(kiosk, "JOB-SEEKER")
    kiosk.tap(kiosk.find("submit"))
    print_from_plan(kiosk, timeout=30)
    case_no = kiosk.find("case_no").text
    kiosk.wait_until(lambda: len(rig.printer.machine.complete_sheets) >= 1, timeout=20)  # the 受理憑單
    # the citizen takes the receipt and lays it in the scanner: the feeder reads its files at scan time
    image_from_sheet(rig.printer.machine.complete_sheets[0]).convert("L").save(tmp_path / "p0.pgm")
    kiosk.tap(kiosk.find("finish"))
    kiosk.wait_until(lambda: kiosk.app.current == "welcome")

    kiosk.tap(kiosk.find("progress"))
    kiosk.tap(kiosk.find("scan_receipt"))
    kiosk.tap(kiosk.find("read_receipt"))
    kiosk.wait_until(lambda: bool(kiosk.screen.result) or kiosk.screen.error is not None, timeout=60)
    assert kiosk.screen.error is None, kiosk.app.trm(kiosk.screen.error)
    result = kiosk.find("result").text
    assert case_no in result and "已受理" in result
    assert kiosk.find("case_no").value == case_no and kiosk.find("password").value == "●" * 8
    scanner = next(c for c in rig.agent.components if getattr(c, "name", "") == "scanner")
    assert scanner.store.batches() == []  # the receipt was read, not kept or sent
