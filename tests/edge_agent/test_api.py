"""The local HTTP API of a running agent (real server on a free loopback port, real broker, FakeHub)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from typing import Any

import pytest

from edge_agent.agent import Agent
from edge_agent.config import AgentConfig
from edge_agent.routes import ApiError, ApiRequest, ApiResponse, Route
from onestop.dev.waiting import wait_until
from tests.edge_agent.fake_hub import FakeHub
from wire import ComponentState
from wire.payloads.device import ComponentHealth
from wire.payloads.requests import TimeResponse

pytestmark = pytest.mark.mosquitto


class Tray:
    """A test component contributing two routes."""

    name = "tray"

    def start(self, agent: Agent) -> None:
        pass

    def stop(self) -> None:
        pass

    def health(self) -> ComponentHealth:
        return ComponentHealth(state=ComponentState.OK, reason="200 sheets")

    def routes(self) -> Sequence[Route]:
        def level(req: ApiRequest) -> Any:
            if req.params["slot"] not in ("a4", "receipt"):
                raise ApiError(404, "no_such_slot", f"there is no slot {req.params['slot']}")
            return {"slot": req.params["slot"], "sheets": int(req.query.get("min", "0")) + 10}

        def image(_req: ApiRequest) -> Any:
            return ApiResponse(200, b"\x89PNG fake", "image/png")

        return [Route("GET", "/v1/tray/{slot}", level), Route("GET", "/v1/tray/scan/preview", image)]


@pytest.fixture
def running(agent_config: AgentConfig, fake_hub: FakeHub) -> Iterator[tuple[Agent, str]]:
    agent = Agent(agent_config)
    agent.add_component(Tray())
    agent.start()
    wait_until(lambda: agent.session.online, 5, "the agent online")
    yield agent, agent.api.url
    agent.stop()


def call(url: str, method: str = "GET", body: Any = None, raw: bytes | None = None) -> tuple[int, Any]:
    data = raw if raw is not None else (None if body is None else json.dumps(body).encode())
    req = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            payload = resp.read()
            kind = resp.headers["Content-Type"]
            return resp.status, json.loads(payload) if kind.startswith("application/json") else payload
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read())


def test_status_reports_device_session_outbox_and_health(running: tuple[Agent, str]) -> None:
    _, url = running
    status, body = call(f"{url}/v1/status")
    assert status == 200
    assert body["device"] == "kiosk-001" and body["online"] is True and body["session"] == 1
    assert body["outbox"] == 0
    # the tray's first health report may still be on the way
    tray = wait_until(
        lambda: call(f"{url}/v1/status")[1]["components"].get("tray"),
        3,
        "the tray's health in /v1/status",
        step=0.1,
    )
    assert tray == {"state": "ok", "reason": "200 sheets", "code": ""}


def test_post_event_is_queued_and_delivered(running: tuple[Agent, str], fake_hub: FakeHub) -> None:
    _, url = running
    status, body = call(f"{url}/v1/events/kiosk.visit", "POST", {"seconds": 42, "outcome": "completed"})
    assert status == 202 and len(body["id"]) == 32
    assert fake_hub.wait_for(lambda: body["id"] in fake_hub.events)


@pytest.mark.parametrize(
    ("path", "payload", "raw", "code", "error"),
    [
        ("/v1/events/kiosk.visit", {"seconds": -1, "outcome": "completed"}, None, 400, "invalid_body"),
        ("/v1/events/kiosk.visit", {"seconds": 1, "outcome": "done", "x": 1}, None, 400, "invalid_body"),
        ("/v1/events/kiosk.visit", None, b"{not json", 400, "bad_json"),
        ("/v1/events/no.such", {}, None, 404, "unknown_type"),
        (
            "/v1/events/device.alarm",
            {"component": "X", "code": "e", "active": True},
            None,
            400,
            "invalid_body",
        ),
        ("/v1/hub/no.such", {}, None, 404, "unknown_type"),
        ("/v1/hub/hub.time?timeout=99", {}, None, 400, "invalid_query"),
        ("/v1/nowhere", {}, None, 404, "not_found"),
        ("/v1/status", {}, None, 405, "method_not_allowed"),
    ],
)
def test_bad_requests_get_json_errors_and_queue_nothing(
    running: tuple[Agent, str], path: str, payload: Any, raw: bytes | None, code: int, error: str
) -> None:
    agent, url = running
    status, body = call(f"{url}{path}", "POST", payload, raw)
    assert (status, body["error"]) == (code, error)
    assert body["message"]
    assert agent.outbox.depth() == 0


def test_hub_request_forwarded_or_503(running: tuple[Agent, str], fake_hub: FakeHub) -> None:
    _, url = running
    status, body = call(f"{url}/v1/hub/hub.time?timeout=0.5", "POST", {})
    assert status == 503 and body["error"] == "hub_unavailable"
    assert "try again" in body["message"]
    fake_hub.responders["hub.time"] = lambda _d: TimeResponse(now=123)
    assert call(f"{url}/v1/hub/hub.time", "POST", {}) == (200, {"now": 123})


def test_component_routes_are_served(running: tuple[Agent, str]) -> None:
    _, url = running
    assert call(f"{url}/v1/tray/a4?min=5") == (200, {"slot": "a4", "sheets": 15})
    status, body = call(f"{url}/v1/tray/a3")
    assert (status, body["error"]) == (404, "no_such_slot")
    assert call(f"{url}/v1/tray/scan/preview") == (200, b"\x89PNG fake")
