"""The kiosk presenter through HttpAgentClient against a real edge agent (real routes, real peripherals on
ptys and SANE, a stand-in hub on a private Mosquitto): the request shapes are the ones the agent accepts."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk import agent_api as api
from kiosk.agent_client import AgentError, HttpAgentClient
from kiosk.catalogue import CatalogueCache
from kiosk.flow import KioskFlow, Msg, Screen, Step
from onestop.dev.waiting import wait_until
from onestop.processes import Mosquitto
from tests.e2e.kiosk.rig import RETURNED_CASE, Rig, start_rig
from wire.payloads.cases import verify_query_password

pytestmark = pytest.mark.mosquitto


@pytest.fixture
def rig(mosquitto: Mosquitto, tmp_path: Path, sane_dir: Path) -> Iterator[Rig]:
    yield from start_rig(mosquitto, tmp_path, sane_dir)


def test_light_application_reaches_the_hub_and_the_printers(rig: Rig, tmp_path: Path) -> None:
    """GIVEN a real agent WHEN a citizen identified by ID number applies for a service with a form
    THEN case.opened reaches the hub with the password's hash, the receipt prints on the pty printer,
    the A4 form is queued, and the case answers a progress query with the printed password."""
    flow = KioskFlow(
        HttpAgentClient(rig.url), cache=CatalogueCache(tmp_path / "c.json"), technician_code="2468"
    )
    assert flow.submit_light_id("A123456789", "0540312").screen is Screen.CATALOGUE
    assert not flow.catalogue_offline and len(flow.services) == 8
    assert flow.choose_service("DISABLED-PARKING").screen is Screen.APPLY
    assert flow.review("0912345678").screen is Screen.CONFIRM
    assert flow.submit_application().screen is Screen.DONE
    out = flow.outcome
    assert out is not None and out.online and out.print_errors == ()
    assert wait_until(lambda: len(rig.cases()) == 1)
    case = rig.cases()[0]
    assert case.case_no == out.case_no and verify_query_password(out.password, case.password_hash)
    assert (case.identity.value, case.phone, case.fields["birth_date"]) == (
        "light",
        "0912345678",
        "1965-03-12",
    )
    assert wait_until(lambda: len(rig.printer.machine.complete_sheets) == 1)  # the 受理憑單
    assert wait_until(lambda: any(rig.forms_dir.glob("*.pdf")))
    flow.reset()
    assert flow.query_progress(out.case_no, out.password).error is None
    assert flow.progress is not None and flow.progress["milestone_name"] == "已受理"
    assert flow.query_progress(out.case_no, "ZZZZ2222").error == Msg("error.case_not_found")


def test_returned_pages_and_technician_checks(rig: Rig, tmp_path: Path) -> None:
    flow = KioskFlow(HttpAgentClient(rig.url), technician_code="2468")
    assert flow.scan_returns().error is None
    assert flow.scan_result is not None
    assert [(p.index, p.case_no) for p in flow.scan_result.pages] == [(0, RETURNED_CASE), (1, None)]
    assert flow.unlock_technician("2468").screen is Screen.TECHNICIAN
    assert flow.device_status is not None and flow.device_status.online
    assert {c.name for c in flow.device_status.components} >= {"printer", "scanner", "forms"}
    flow.test_print()
    assert flow.tech_result == Msg("tech.test_print_ok")
    assert wait_until(lambda: len(rig.printer.machine.complete_sheets) == 1)


def test_offline_application_is_kept_by_the_agent_until_the_hub_is_back(
    rig: Rig, mosquitto: Mosquitto, tmp_path: Path
) -> None:
    flow = KioskFlow(HttpAgentClient(rig.url), cache=CatalogueCache(tmp_path / "c.json"),
                     today=lambda: dt.date(2026, 11, 21))  # fmt: skip
    flow.load_catalogue()  # cached while online
    mosquitto.kill()
    assert wait_until(lambda: not flow.client.status().online)
    assert flow.submit_light_id("A123456789", "0540312").screen is Screen.CATALOGUE
    assert flow.catalogue_offline
    flow.choose_service("JOB-SEEKER")
    flow.review("0912345678")
    assert flow.submit_application().screen is Screen.DONE
    out = flow.outcome
    assert out is not None and not out.online and out.case_no.startswith("K261121")
    assert wait_until(lambda: len(rig.printer.machine.complete_sheets) == 1)  # the receipt prints offline
    mosquitto.start()
    assert wait_until(lambda: [c.case_no for c in rig.cases()] == [out.case_no], 30)


def test_print_job_routes_of_the_real_agent(rig: Rig, tmp_path: Path) -> None:
    """GIVEN a receipt printed by the real agent WHEN the kiosk watches and answers it
    THEN the job is dropped once done, and confirm/reprint of a job that is not uncertain is 409
    ``not_uncertain`` (nothing printed again); an unknown job is 404 ``no_such_job``."""
    client = HttpAgentClient(rig.url)
    flow = KioskFlow(client, cache=CatalogueCache(tmp_path / "c.json"))
    request = api.print_receipt("測試", [("項目", "一")])
    job = str((request.body or {})["job"])
    client.send(request)
    flow.print_jobs.append(job)
    assert wait_until(lambda: flow.check_print_jobs(Screen.DONE) == Step() and flow.print_jobs == [])
    assert api.parse_job(client.send(api.print_job(job))).state == "done"
    for answer in (api.confirm_job(job), api.reprint_job(job)):
        with pytest.raises(AgentError) as refused:
            client.send(answer)
        assert refused.value.code == "not_uncertain"
    with pytest.raises(AgentError) as missing:
        client.send(api.print_job("0" * 32))
    assert missing.value.code == "no_such_job"
    time.sleep(0.3)
    assert len(rig.printer.machine.complete_sheets) == 1  # no second copy
