"""The kiosk's port to the local edge agent: a Protocol, its loopback-HTTP adapter and the errors it raises."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from abc import ABC, abstractmethod
from typing import Any, Protocol

from kiosk import agent_api as api
from kiosk.agent_api import CardState, DeviceStatus, Queued


class AgentError(Exception):
    """The agent refused or failed a request; ``code`` picks the message the citizen sees.

    ``message`` is the agent's own (zh-TW) text for the citizen, shown when the kiosk has none for ``code``.
    """

    def __init__(self, code: str, message: str = "", detail: dict[str, Any] | None = None) -> None:
        super().__init__(f"{code}: {message}" if message else code)
        self.code = code
        self.message = message
        self.detail = detail or {}


class AgentUnavailable(AgentError):
    """The agent does not answer on its loopback port: the kiosk is out of service."""

    def __init__(self, message: str = "") -> None:
        super().__init__("agent_unavailable", message)


class HubUnavailable(AgentError):
    """The agent is up but cannot reach the hub (and the request could not be queued)."""

    def __init__(self, message: str = "") -> None:
        super().__init__("hub_unavailable", message)


class WrongPin(AgentError):
    def __init__(self, tries_left: int) -> None:
        super().__init__("wrong_pin", "", {"tries_left": tries_left})
        self.tries_left = tries_left


class DeviceProblem(AgentError):
    """A peripheral cannot do the job (paper out, jam, cover open, offline); ``message`` is for the citizen."""

    def __init__(self, code: str, message: str = "") -> None:
        super().__init__(code, message)


_DEVICE_CODES = frozenset(
    {"paper_out", "cover_open", "offline", "unavailable", "jammed", "no_paper", "printer_unavailable",
     "reader_unavailable", "scanner_busy", "bad_document", "bad_form"}
)  # fmt: skip


def error_from_reply(status: int, data: dict[str, Any]) -> AgentError:
    """The typed error for a non-2xx reply ``{"error": code, "message": ..., ...}`` of the agent."""
    code = str(data.get("error") or f"http_{status}")
    message = str(data.get("message", ""))
    if code == "wrong_pin":
        return WrongPin(int(data.get("tries_left", 0)))
    if code == "hub_unavailable":
        return HubUnavailable(message)
    if code in _DEVICE_CODES:
        return DeviceProblem(code, str(data.get("citizen") or message))
    return AgentError(code, message, {k: v for k, v in data.items() if k not in ("error", "message")})


class AgentClient(Protocol):
    """What the kiosk asks of its local agent; HttpAgentClient speaks it over HTTP, FakeAgent in memory."""

    def status(self) -> DeviceStatus: ...
    def card_state(self) -> CardState: ...
    def verify_pin(self, pin: str) -> CardState: ...
    def card_logout(self) -> None: ...
    def emit(self, event_type: str, body: dict[str, Any]) -> Queued: ...
    def hub_request(self, request_type: str, body: dict[str, Any]) -> dict[str, Any]: ...
    def send(self, request: api.Request) -> dict[str, Any]: ...


class TypedCalls(ABC):
    """The typed calls of AgentClient, built on ``send`` (shared by HttpAgentClient and FakeAgent)."""

    @abstractmethod
    def send(self, req: api.Request) -> dict[str, Any]:
        """Carry one request to the agent and return its JSON answer (AgentError subclasses otherwise)."""

    def status(self) -> DeviceStatus:
        return api.parse_status(self.send(api.status()))

    def card_state(self) -> CardState:
        return api.parse_card_state(self.send(api.card_state()))

    def verify_pin(self, pin: str) -> CardState:
        return api.parse_card_state(self.send(api.verify_pin(pin)))

    def card_logout(self) -> None:
        self.send(api.card_logout())

    def emit(self, event_type: str, body: dict[str, Any]) -> Queued:
        return api.parse_queued(self.send(api.emit(event_type, body)))

    def hub_request(self, request_type: str, body: dict[str, Any]) -> dict[str, Any]:
        return self.send(api.hub(request_type, body))


class HttpAgentClient(TypedCalls):
    """AgentClient over the agent's loopback HTTP JSON API (standard library only)."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url.rstrip("/")

    def send(self, req: api.Request) -> dict[str, Any]:
        """One request built by kiosk.agent_api; the JSON object answered, or a typed AgentError."""
        data = None if req.body is None else json.dumps(req.body).encode()
        http_req = urllib.request.Request(
            self.base_url + req.path,
            data=data,
            method=req.method,
            headers={"Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(http_req, timeout=req.timeout) as resp:
                raw = resp.read()
        except urllib.error.HTTPError as exc:
            try:
                body = json.loads(exc.read() or b"{}")
            except ValueError:
                body = {}
            raise error_from_reply(exc.code, body if isinstance(body, dict) else {}) from None
        except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
            raise AgentUnavailable(f"{self.base_url}: {getattr(exc, 'reason', exc)}") from None
        try:
            parsed = json.loads(raw or b"{}")
        except ValueError:
            raise AgentError("bad_reply", f"{req.path} did not answer JSON") from None
        if not isinstance(parsed, dict):
            raise AgentError("bad_reply", f"{req.path} did not answer a JSON object")
        return parsed
