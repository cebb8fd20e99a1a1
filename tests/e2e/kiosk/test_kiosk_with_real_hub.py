"""End to end by touch: the Kivy kiosk, a real edge agent (printer on a pty, forms, SANE pnm scanner) and the
real hub (``onestop hub serve`` on SQLite) on a private Mosquitto. The hub stores the case and answers the
progress query; returned pages reach the hub attached to their case; an application filed while the broker
is down is queued by the agent, receipted, and stored by the hub once the broker is back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pyzbar import pyzbar
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from edge_agent.devices.printer.machine import image_from_sheet
from hub.cases.models import Case
from hub.documents.models import CaseDocument
from kiosk.agent_client import HttpAgentClient
from onestop.dev.waiting import wait_until
from onestop.processes import Mosquitto
from tests.e2e.kiosk.rig import Rig, hub_catalogue_cache, start_rig
from tests.edge_agent.devices.scanner.conftest import page
from tests.hub.serving import HubProcess
from tests.kiosk.ui.helpers import NATIONAL_ID, kiosk_on, submit_application

pytestmark = [pytest.mark.mosquitto, pytest.mark.slow]


def hub_db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'hub.db'}"


def stored(tmp_path: Path, query: Any) -> list[Any]:
    """Rows the hub has committed to its database (read from the test, as an auditor would)."""
    engine = create_engine(hub_db(tmp_path))
    try:
        with Session(engine) as session:
            return list(session.execute(query).all())
    finally:
        engine.dispose()


def light_login(kiosk: Any) -> None:
    kiosk.tap(kiosk.find("light_id"))
    kiosk.type_keys(NATIONAL_ID + "0540312")
    kiosk.tap(kiosk.find("submit"))
    kiosk.wait_until(lambda: kiosk.app.current == "catalogue", timeout=20)


@pytest.fixture
def hub(mosquitto: Mosquitto, tmp_path: Path) -> Iterator[HubProcess]:
    process = HubProcess(hub_db(tmp_path), mosquitto.url, tmp_path).start(timeout=60)
    try:
        yield process
    finally:
        process.stop()


@pytest.fixture
def rig(mosquitto: Mosquitto, hub: HubProcess, tmp_path: Path, sane_dir: Path) -> Iterator[Rig]:
    yield from start_rig(mosquitto, tmp_path, sane_dir, fake_hub=False)


@pytest.fixture
def real_kiosk(_driver: Any, rig: Rig, tmp_path: Path) -> Iterator[Any]:
    yield from kiosk_on(_driver, HttpAgentClient(rig.url), hub_catalogue_cache(tmp_path / "kiosk"))


def test_light_application_stored_by_the_hub_and_queried_back(real_kiosk: Any, rig: Rig) -> None:
    kiosk = real_kiosk
    kiosk.tap(kiosk.find("light_id"))
    kiosk.type_keys(NATIONAL_ID + "0540312")
    kiosk.tap(kiosk.find("submit"))
    kiosk.wait_until(lambda: kiosk.app.current == "catalogue", timeout=20)
    case_no, password = submit_application(kiosk, "SW-PARKING-PERMIT")
    kiosk.wait_until(lambda: len(rig.printer.machine.complete_sheets) >= 1, timeout=20)  # the 受理憑單
    kiosk.tap(kiosk.find("finish"))
    kiosk.wait_until(lambda: kiosk.app.current == "welcome")

    kiosk.tap(kiosk.find("progress"))
    kiosk.type_keys(case_no.replace("-", ""))
    kiosk.tap(kiosk.find("password"))
    kiosk.type_keys(password)

    def answered() -> bool:  # the hub stores the case when the agent's event arrives; ask until it has
        kiosk.tap(kiosk.find("submit"))
        kiosk.wait_until(lambda: bool(kiosk.screen.result) or kiosk.screen.error is not None, timeout=20)
        return bool(kiosk.screen.result)

    # between tries the kiosk's event loop keeps running (kiosk.wait pumps frames)
    wait_until(
        answered, 30, "the hub to answer the progress query with the case", step=1.0, between=kiosk.wait
    )
    result = kiosk.find("result").text
    assert case_no in result and "身心障礙" in result, (result, kiosk.screen.error)


def test_returned_pages_by_touch_reach_the_hub_on_their_case(
    real_kiosk: Any, rig: Rig, tmp_path: Path
) -> None:
    """GIVEN a case the hub stored WHEN the citizen taps "Return documents" and scans the signed page (its QR)
    and a page without a code on the real SANE pnm scanner THEN the screen shows page 1 accepted for that case
    and page 2 flagged, and the hub attaches page 1 to the case (page 2 kept without a case for staff)."""
    kiosk = real_kiosk
    light_login(kiosk)
    case_no, _password = submit_application(kiosk, "SW-PARKING-PERMIT")
    kiosk.tap(kiosk.find("finish"))
    kiosk.wait_until(lambda: kiosk.app.current == "welcome")
    kiosk.wait_until(lambda: stored(tmp_path, select(Case.case_no)) == [(case_no,)], timeout=30)
    page(case_no, "signed page 1").save(tmp_path / "p0.pgm")  # the feeder reads its files at scan time

    kiosk.tap(kiosk.find("returns"))
    kiosk.tap(kiosk.find("scan"))
    kiosk.wait_until(lambda: bool(kiosk.screen.result) or kiosk.screen.error is not None, timeout=30)
    result = kiosk.find("result").text
    assert f"第 1 頁：已收件（案件 {case_no}）" in result and "第 2 頁：讀不到條碼" in result, result
    documents = select(CaseDocument.page_index, CaseDocument.case_no, Case.case_no).outerjoin(
        Case, CaseDocument.case_id == Case.id
    )
    kiosk.wait_until(lambda: len(stored(tmp_path, documents)) == 2, timeout=30)
    assert sorted(stored(tmp_path, documents)) == [(0, case_no, case_no), (1, None, None)]


def test_offline_application_by_touch_is_queued_receipted_and_stored_when_the_broker_is_back(
    real_kiosk: Any, rig: Rig, mosquitto: Mosquitto, tmp_path: Path
) -> None:
    """GIVEN the broker is down WHEN the citizen identifies and applies by touch THEN the catalogue comes from
    the cache marked offline, the done screen says the application is kept and sent later, the receipt with
    case number and password prints on the printer pty; WHEN the broker is back THEN the hub stores the case."""
    kiosk = real_kiosk
    client = HttpAgentClient(rig.url)
    mosquitto.kill()
    kiosk.wait_until(lambda: not client.status().online, timeout=20)
    light_login(kiosk)
    assert "目前與中心離線" in kiosk.screen_text()
    case_no, password = submit_application(kiosk, "SW-PARKING-PERMIT")
    text = kiosk.screen_text()
    assert "已收件，連線後自動送出" in text and "目前與中心斷線" in text
    assert client.status().queued >= 1
    kiosk.wait_until(lambda: len(rig.printer.machine.complete_sheets) >= 1, timeout=20)  # the 受理憑單
    receipt = image_from_sheet(rig.printer.machine.complete_sheets[0]).convert("L")
    assert [code.data.decode() for code in pyzbar.decode(receipt)] == [f"ONESTOP:QUERY:{case_no}:{password}"]
    assert stored(tmp_path, select(Case.case_no)) == []
    kiosk.tap(kiosk.find("finish"))
    kiosk.wait_until(lambda: kiosk.app.current == "welcome")

    mosquitto.start()
    kiosk.wait_until(lambda: stored(tmp_path, select(Case.case_no)) == [(case_no,)], timeout=60)
