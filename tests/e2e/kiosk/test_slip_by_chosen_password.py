"""Seed 004:665 end to end: a citizen files online with a chosen slip password at the real hub (``onestop hub
serve``), staff make the fee due, and the kiosk's presenter asks through a real edge agent and Mosquitto with
the case number and that password; the slip comes out of the agent's receipt printer (a pty) and zbar reads
its three barcodes and QR code. A wrong password says how many tries remain and prints nothing."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from typing import Any

import pytest
from pyzbar import pyzbar
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from edge_agent.devices.printer.machine import image_from_sheet
from hub.staff.accounts import create_user
from kiosk.agent_client import HttpAgentClient
from kiosk.catalogue import CatalogueCache
from kiosk.flow import KioskFlow, Msg, Screen
from onestop.dev.waiting import wait_until
from tests.e2e.fines.test_fines_e2e import hub, rig  # noqa: F401 (the real hub and agent rig)
from tests.e2e.kiosk.rig import Rig
from tests.hub.serving import HubProcess
from wire.printed import verify

pytestmark = [pytest.mark.mosquitto, pytest.mark.slow]


def _http(
    server: HubProcess, method: str, path: str, body: dict[str, Any], token: str = ""
) -> tuple[int, Any]:
    headers = {"Content-Type": "application/json", **({"Authorization": f"Bearer {token}"} if token else {})}
    request = urllib.request.Request(f"http://127.0.0.1:{server.port}{path}", json.dumps(body).encode(), headers,
                                     method=method)  # fmt: skip
    try:
        with urllib.request.urlopen(request, timeout=15) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


@pytest.fixture
def counter(hub: HubProcess, tmp_path: Path) -> str:  # noqa: F811
    engine = create_engine(f"sqlite:///{tmp_path / 'hub.db'}")
    try:
        with Session(engine) as session, session.begin():
            return create_user(session, "e2e.counter", "counter")
    finally:
        engine.dispose()


def test_online_case_slip_printed_at_the_kiosk_with_the_chosen_password(
    hub: HubProcess,  # noqa: F811
    counter: str,
    rig: Rig,  # noqa: F811
    tmp_path: Path,
) -> None:
    status, created = _http(hub, "POST", "/api/v1/applications", {
        "request_id": uuid.uuid4().hex, "service": "HR-DOORPLATE-CERT", "consent": True, "copies": 2,
        "applicant": {"name": "林美玲", "phone": "0912345678"},
        "identification": {"national_id": "A123456789", "birth_date": "1985-03-15"}, "slip_password": "MEG2468"})  # fmt: skip
    assert status == 201, created
    no = created["case_no"]
    status, _ = _http(hub, "POST", f"/api/v1/cases/{no}/milestones", {"milestone": "payment_due"}, counter)
    assert status == 200, _

    flow = KioskFlow(HttpAgentClient(rig.url), cache=CatalogueCache(tmp_path / "kiosk" / "catalogue.json"))

    def refused() -> (
        Any
    ):  # the agent's session to the broker may still be coming up: ask until the hub answers
        step = flow.query_slip(no, "MEG2469")
        return step if step.error and step.error.key == "error.slip_not_found" else None

    step = wait_until(refused, 30, "the hub to refuse the wrong slip password", step=0.5)
    assert step.error == Msg("error.slip_not_found", {"tries": 4}), step.error
    assert flow.query_slip(no, "MEG2468").error is None
    assert flow.progress is not None and flow.progress["service_name"] == "申辦門牌證明"
    assert flow.print_slips(Screen.SLIP).error is None

    printer = rig.printer.machine
    wait_until(lambda: printer.complete_sheets, 60, "the slip from the receipt printer", step=0.2)
    (sheet,) = printer.complete_sheets
    codes = [(s.type, s.data.decode()) for s in pyzbar.decode(image_from_sheet(sheet))]
    bars = {len(c): c for t, c in codes if t == "CODE39"}
    (qr,) = [c for t, c in codes if t == "QRCODE"]
    assert no in qr and ":30:" in qr  # two copies of a NT$15 certificate
    assert sorted(bars) == [9, 15, 16] and verify((bars[9], bars[16], bars[15]))
