"""The A4 printer component against a real private cupsd: job states, paper-out, once-only, local API, command."""

from __future__ import annotations

import base64
import subprocess
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from fpdf import FPDF

from edge_agent.agent import Agent
from edge_agent.config import AgentConfig
from edge_agent.devices.a4printer.cups_ipp import CupsServer
from edge_agent.devices.a4printer.service import A4Printer, PrintRefused
from edge_agent.devices.a4printer.states import PrinterStatus, job_state, printer_health
from edge_agent.devices.a4printer.store import JobStore
from edge_agent.devices.errors import DeviceUnavailable
from edge_agent.routes import ApiError, ApiRequest
from onestop.dev.cups_rig import CupsRig
from tests.edge_agent.fake_hub import FakeHub
from wire import ComponentState
from wire.payloads.a4print import A4JobState, A4JobUpdate, PrintDocument, PrintDocumentBody
from wire.payloads.device import Alarm, CommandAck

DONE = {A4JobState.COMPLETED, A4JobState.FAILED}


def pdf_with(text: str) -> bytes:
    doc = FPDF(format="A4")
    doc.add_page()
    doc.set_font("helvetica", size=14)
    doc.cell(text=text)
    return bytes(doc.output())


def body(text: str = "hello counter", job: str | None = None, copies: int = 1) -> PrintDocumentBody:
    return PrintDocumentBody(job=job or uuid.uuid4().hex, title=text, copies=copies,
                             pdf_b64=base64.b64encode(pdf_with(text)).decode())  # fmt: skip


@pytest.fixture
def printer(cups_rig: CupsRig) -> Iterator[tuple[A4Printer, list[Any]]]:
    events: list[Any] = []
    p = A4Printer(CupsServer(cups_rig.server), "counter_a4", poll_s=0.1, emit=events.append,
                  store=JobStore(cups_rig.dir / "agent" / "a4-jobs.sqlite3"))  # fmt: skip
    p.start()
    yield p, events
    p.stop()


def pdftotext(data: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()


def test_ipp_states_map_to_the_contract() -> None:
    assert [job_state(n) for n in (3, 4, 5, 6, 7, 8, 9)] == [
        A4JobState.PENDING, A4JobState.PENDING, A4JobState.PRINTING, A4JobState.PENDING,
        A4JobState.FAILED, A4JobState.FAILED, A4JobState.COMPLETED,
    ]  # fmt: skip
    assert printer_health(PrinterStatus(5, ("media-empty-error",), "out", True)).code == "paper_out"
    assert printer_health(PrinterStatus(5, (), "disabled", True)).code == "stopped"
    assert printer_health(None, "refused").code == "unavailable"
    assert printer_health(PrinterStatus(3, (), "", True)).state is ComponentState.OK


def test_a_pdf_comes_out_of_the_queue_and_the_states_are_reported(
    printer: tuple[A4Printer, list[Any]], cups_rig: CupsRig
) -> None:
    p, events = printer
    sent = body("counter document 1")
    record = p.submit(sent)
    assert record.state is A4JobState.PENDING and record.cups_job > 0
    done = p.wait_for(sent.job, DONE, 20)
    assert done is not None and done.state is A4JobState.COMPLETED
    out = cups_rig.printed("counter_a4")
    assert [f.stem for f in out] == [str(record.cups_job)]
    assert "counter document 1" in pdftotext(out[0].read_bytes())
    states = [e.state for e in events if isinstance(e, A4JobUpdate) and e.job == sent.job]
    assert states[0] is A4JobState.PENDING and states[-1] is A4JobState.COMPLETED


def test_the_same_job_id_prints_once(printer: tuple[A4Printer, list[Any]], cups_rig: CupsRig) -> None:
    p, _ = printer
    sent = body("once only")
    first = p.submit(sent)
    again = p.submit(sent)
    assert again.cups_job == first.cups_job
    assert p.wait_for(sent.job, DONE, 20) is not None
    # a restarted agent (same data folder) knows the job and does not print it again
    fresh = A4Printer(
        CupsServer(cups_rig.server), "counter_a4", store=JobStore(cups_rig.dir / "agent" / "a4-jobs.sqlite3")
    )
    assert fresh.submit(sent).cups_job == first.cups_job
    assert len(cups_rig.printed("counter_a4")) == 1


def test_paper_out_holds_the_job_raises_health_and_a_refill_prints_it(
    printer: tuple[A4Printer, list[Any]], cups_rig: CupsRig
) -> None:
    p, events = printer
    cups_rig.paper_out("counter_a4", True)
    sent = body("after the refill")
    p.submit(sent)
    with p._changed:  # wait on the condition the watcher signals, not on time
        assert p._changed.wait_for(lambda: (r := p.job(sent.job)) is not None and r.paper_out, 20)
    assert p.job(sent.job).state is A4JobState.PENDING  # type: ignore[union-attr]
    assert "缺紙" in p.job(sent.job).reason  # type: ignore[union-attr]
    assert p.health().state is ComponentState.ERROR and "paper out" in p.health().reason
    assert cups_rig.printed("counter_a4") == []
    cups_rig.paper_out("counter_a4", False)
    done = p.wait_for(sent.job, DONE, 20)
    assert done is not None and done.state is A4JobState.COMPLETED and not done.paper_out
    p.refresh()
    assert p.health().state is ComponentState.OK
    assert any(isinstance(e, A4JobUpdate) and e.paper_out for e in events)


def test_not_a_pdf_is_refused_and_nothing_is_queued(
    printer: tuple[A4Printer, list[Any]], cups_rig: CupsRig
) -> None:
    p, _ = printer
    bad = PrintDocumentBody(
        job=uuid.uuid4().hex, title="x", pdf_b64=base64.b64encode(b"hello world").decode()
    )
    with pytest.raises(PrintRefused, match="PDF"):
        p.submit(bad)
    assert p.job(bad.job) is None and cups_rig.printed("counter_a4") == []


def test_an_unknown_queue_is_unavailable_with_a_reason(cups_rig: CupsRig) -> None:
    p = A4Printer(CupsServer(cups_rig.server), "no_such_queue")
    p.refresh()
    assert p.health().state is ComponentState.ERROR and "no_such_queue" in p.health().reason
    with pytest.raises(DeviceUnavailable):
        p.submit(body())


def test_local_api_routes(printer: tuple[A4Printer, list[Any]]) -> None:
    p, _ = printer
    routes = {(r.method, r.path): r.handler for r in p.routes()}
    sent = body("via the api")
    answer = routes[("POST", "/v1/a4printer/print")](
        ApiRequest("POST", "/v1/a4printer/print", body=sent.model_dump())
    )
    assert answer.status == 202 and answer.body["state"] == "pending"
    assert p.wait_for(sent.job, DONE, 20) is not None
    got = routes[("GET", "/v1/a4printer/jobs/{job}")](
        ApiRequest("GET", "/v1/a4printer/jobs/x", params={"job": sent.job})
    )
    assert got["state"] == "completed"
    with pytest.raises(ApiError) as caught:
        routes[("GET", "/v1/a4printer/jobs/{job}")](
            ApiRequest("GET", "/v1/a4printer/jobs/x", params={"job": "0" * 32})
        )
    assert caught.value.status == 404
    with pytest.raises(ApiError) as caught:
        routes[("POST", "/v1/a4printer/print")](
            ApiRequest("POST", "/v1/a4printer/print", body={"job": "x", "title": "t", "pdf_b64": "AAAA"})
        )
    assert caught.value.status == 400
    assert routes[("GET", "/v1/a4printer/status")](ApiRequest("GET", "/v1/a4printer/status"))["state"] == "ok"


def test_the_hub_prints_through_the_agent_command_and_hears_the_job_and_the_alarm(
    agent_config: AgentConfig, fake_hub: FakeHub, cups_rig: CupsRig
) -> None:
    agent = Agent(agent_config)
    p = A4Printer(CupsServer(cups_rig.server), "counter_a4", poll_s=0.1)
    agent.add_component(p)
    agent.start(api=False)
    try:
        assert fake_hub.wait_for(lambda: agent.session.online, 10)
        cups_rig.paper_out("counter_a4", True)
        sent = body("sent by the hub")
        command = PrintDocument(**sent.model_dump())
        cmd_id = fake_hub.send("test-site", "kiosk-001", command)

        def updates() -> list[A4JobUpdate]:
            return [m.body for m in fake_hub.event_messages if isinstance(m.body, A4JobUpdate)]  # type: ignore[misc]

        def alarms() -> list[Alarm]:
            return [m.body for m in fake_hub.event_messages if isinstance(m.body, Alarm)]  # type: ignore[misc]

        assert fake_hub.wait_for(lambda: any(isinstance(m.body, CommandAck) and m.envelope.corr == cmd_id
                                             for m in fake_hub.other))  # fmt: skip
        assert fake_hub.wait_for(lambda: any(u.paper_out for u in updates()), 20)
        assert fake_hub.wait_for(lambda: any(a.component == "a4printer" and a.active for a in alarms()), 20)
        cups_rig.paper_out("counter_a4", False)
        assert fake_hub.wait_for(lambda: any(u.state is A4JobState.COMPLETED for u in updates()), 20)
        assert fake_hub.wait_for(
            lambda: any(a.component == "a4printer" and not a.active for a in alarms()), 20
        )
        assert "sent by the hub" in pdftotext(cups_rig.printed("counter_a4")[0].read_bytes())
    finally:
        agent.stop()
