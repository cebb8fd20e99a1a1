"""HttpAgentClient over real loopback HTTP against the fake agent's server: request shapes and typed errors."""

from collections.abc import Iterator

import pytest

from kiosk.agent_client import (
    AgentError,
    AgentUnavailable,
    DeviceProblem,
    HttpAgentClient,
    HubUnavailable,
    WrongPin,
)
from kiosk.fake_agent import FakeAgent
from kiosk.fake_agent_http import FakeAgentServer
from onestop.processes import free_port


@pytest.fixture
def agent() -> FakeAgent:
    return FakeAgent(pin="246810")


@pytest.fixture
def client(agent: FakeAgent) -> Iterator[HttpAgentClient]:
    with FakeAgentServer(agent) as url:
        yield HttpAgentClient(url)


def test_card_state_and_pin(agent: FakeAgent, client: HttpAgentClient) -> None:
    assert client.card_state().present is False
    agent.insert_card()
    assert client.card_state().status == "ready"
    with pytest.raises(WrongPin) as err:
        client.verify_pin("111111")
    assert err.value.tries_left == 2
    login = client.verify_pin("246810")
    assert login.holder_name == "王小明"
    assert len(login.session) == 32


def test_third_wrong_pin_blocks_the_card(agent: FakeAgent, client: HttpAgentClient) -> None:
    agent.insert_card()
    for _ in range(2):
        with pytest.raises(WrongPin):
            client.verify_pin("000000")
    with pytest.raises(AgentError) as err:
        client.verify_pin("000000")
    assert err.value.code == "card_blocked"
    assert client.card_state().status == "blocked"


def test_hub_forwarding_opens_a_case_and_queues_when_offline(
    agent: FakeAgent, client: HttpAgentClient
) -> None:
    reply = client.hub_request("case.open", {"service": "HR-TRANSCRIPT", "fields": {"copies": 2}})
    assert reply.queued is False
    assert reply.body["case_no"] in agent.cases
    assert reply.body["fee"] == 30
    agent.hub_online = False
    with pytest.raises(HubUnavailable):
        client.hub_request("service.catalogue", {})
    queued = client.hub_request("case.open", {"service": "HR-TRANSCRIPT"}, queue_if_offline=True)
    assert queued.queued is True
    assert queued.request_id
    assert len(agent.queued) == 1


def test_printer_problem_is_a_device_problem(agent: FakeAgent, client: HttpAgentClient) -> None:
    assert client.print_receipt({"kind": "test"}).status == "printed"
    agent.printer_problem = "paper_out"
    with pytest.raises(DeviceProblem) as err:
        client.print_receipt({"kind": "test"})
    assert err.value.code == "paper_out"
    assert err.value.component == "printer"
    assert len(agent.printed) == 1


def test_scan_reports_each_page(agent: FakeAgent, client: HttpAgentClient) -> None:
    agent.scan_pages = ["11511210001", None]
    result = client.scan(None)
    assert [(p.index, p.case_no, p.accepted) for p in result.pages] == [
        (1, "11511210001", True),
        (2, None, False),
    ]


def test_status_lists_components(agent: FakeAgent, client: HttpAgentClient) -> None:
    agent.scanner_problem = "jam"
    status = client.status()
    assert {c.name: c.state for c in status.components} == {
        "card_reader": "ok",
        "printer": "ok",
        "scanner": "error",
    }


def test_no_agent_listening_is_agent_unavailable() -> None:
    client = HttpAgentClient(f"http://127.0.0.1:{free_port()}")
    with pytest.raises(AgentUnavailable):
        client.card_state()
