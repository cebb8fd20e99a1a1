"""HttpAgentClient over real loopback HTTP against the fake agent's server: request shapes and typed errors."""

import datetime as dt
from collections.abc import Iterator

import pytest

from kiosk import agent_api as api
from kiosk.agent_client import AgentError, AgentUnavailable, HttpAgentClient, HubUnavailable, WrongPin
from onestop.dev.fake_agent import FakeAgent
from onestop.dev.fake_agent_http import FakeAgentServer
from onestop.processes import free_port
from wire.payloads.cases import CaseOpened, Origin, hash_query_password, make_case_no


@pytest.fixture
def agent() -> FakeAgent:
    return FakeAgent(pin="246810")


@pytest.fixture
def client(agent: FakeAgent) -> Iterator[HttpAgentClient]:
    with FakeAgentServer(agent) as url:
        yield HttpAgentClient(url)


def opened(case_no: str) -> dict[str, object]:
    return CaseOpened(case_no=case_no, service="HR-TRANSCRIPT", password_hash=hash_query_password("ABCD2345"),
                      name="王小明", consent=True).model_dump(mode="json")  # fmt: skip


def test_card_state_and_pin(agent: FakeAgent, client: HttpAgentClient) -> None:
    assert client.card_state().present is False
    agent.insert_card()
    state = client.card_state()
    assert (state.state, state.present, state.holder_name) == ("ready", True, "")
    with pytest.raises(WrongPin) as err:
        client.verify_pin("111111")
    assert err.value.tries_left == 2
    login = client.verify_pin("246810")
    assert (login.state, login.holder_name, login.id_last4) == ("logged_in", "王小明", "6789")
    assert "246810" not in " ".join(agent.calls)


def test_third_wrong_pin_blocks_the_card(agent: FakeAgent, client: HttpAgentClient) -> None:
    agent.insert_card()
    for _ in range(2):
        with pytest.raises(WrongPin):
            client.verify_pin("000000")
    with pytest.raises(AgentError) as err:
        client.verify_pin("000000")
    assert err.value.code == "pin_blocked"
    assert client.card_state().state == "blocked"


def test_generation_changes_on_insert_and_remove(agent: FakeAgent, client: HttpAgentClient) -> None:
    first = client.card_state().generation
    agent.insert_card()
    agent.remove_card()
    assert client.card_state().generation == first + 2


def test_case_opened_event_is_queued_while_the_hub_is_away(agent: FakeAgent, client: HttpAgentClient) -> None:
    case_no = make_case_no(Origin.KIOSK, dt.date(2026, 11, 21))
    agent.hub_online = False
    assert client.emit("case.opened", opened(case_no)).event_id
    assert agent.cases == {} and len(agent.outbox) == 1
    assert client.status().queued == 1
    agent.reconnect()
    assert case_no in agent.cases


def test_bad_event_body_is_refused_and_nothing_queued(agent: FakeAgent, client: HttpAgentClient) -> None:
    body = opened(make_case_no(Origin.KIOSK, dt.date(2026, 11, 21)))
    body["consent"] = False
    with pytest.raises(AgentError):
        client.emit("case.opened", body)
    assert agent.cases == {} and agent.outbox == []


def test_hub_requests_catalogue_and_query(agent: FakeAgent, client: HttpAgentClient) -> None:
    catalogue = client.hub_request("service.catalogue", {"known_version": 0})
    assert catalogue["version"] == 3 and len(catalogue["services"]) == len(agent.services)
    case_no = make_case_no(Origin.KIOSK, dt.date(2026, 11, 21))
    client.emit("case.opened", opened(case_no))
    assert client.hub_request("case.query", {"case_no": case_no, "password": "ABCD2345"})["found"] is True
    assert client.hub_request("case.query", {"case_no": case_no, "password": "WRONG234"})["found"] is False
    agent.hub_online = False
    with pytest.raises(HubUnavailable):
        client.hub_request("service.catalogue", {})


def test_print_jobs_are_idempotent_by_job_id(agent: FakeAgent, client: HttpAgentClient) -> None:
    request = api.print_receipt("測試", [("a", "b")])
    assert client.send(request)["new"] is True
    assert client.send(request)["new"] is False
    assert len(agent.printed) == 1


def test_printer_problem_shows_in_its_status(agent: FakeAgent, client: HttpAgentClient) -> None:
    agent.printer_problem = "paper_out"
    client.send(api.print_receipt("測試", []))
    status = client.send(api.printer_status())
    assert (status["state"], status["code"]) == ("error", "paper_out") and status["citizen"]
    assert agent.printed == []


def test_scan_reports_each_page_and_faults(agent: FakeAgent, client: HttpAgentClient) -> None:
    agent.scan_pages = ["K251121-7QX4M-Z3P9H", None]
    result = api.parse_scan(client.send(api.scan(None)))
    assert result.completed
    assert [(p.index, p.case_no, p.flags) for p in result.pages] == [
        (0, "K251121-7QX4M-Z3P9H", ()),
        (1, None, ("no_qr",)),
    ]
    agent.scanner_problem = "jammed"
    aborted = api.parse_scan(client.send(api.scan(None)))
    assert (aborted.completed, aborted.fault) == (False, "jammed")


def test_status_lists_components(agent: FakeAgent, client: HttpAgentClient) -> None:
    agent.scanner_problem = "jammed"
    status = client.status()
    assert {c.name: c.state for c in status.components} == {"card": "ok", "printer": "ok", "scanner": "error"}


def test_no_agent_listening_is_agent_unavailable() -> None:
    client = HttpAgentClient(f"http://127.0.0.1:{free_port()}")
    with pytest.raises(AgentUnavailable):
        client.card_state()


def test_a_form_the_contract_refuses_reaches_the_agent_and_comes_back_as_its_refusal(
    agent: FakeAgent, client: HttpAgentClient
) -> None:
    """GIVEN a catalogue form with a field of 15 lines (the agent prints at most 10) WHEN the kiosk prints it
    THEN the agent refuses it with ``invalid_body`` (the kiosk shows that like any refusal) and prints nothing."""
    form = {"code": "ZC-01", "title": "申請書", "pages": [[{"key": "address", "label": "地址", "lines": 15}]]}
    request = api.print_form("K261121-7QX4M", form, {"address": "台北市"})
    assert request.body is not None and request.body["form"]["pages"][0][0]["lines"] == 15
    with pytest.raises(AgentError) as refused:
        client.send(request)
    assert refused.value.code == "invalid_body" and agent.printed == []
