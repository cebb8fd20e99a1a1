"""The agent's local HTTP JSON API on loopback, for the kiosk UI: core routes plus those of components.

Documented in docs/agent-api.md. Errors are ``{"error": code, "message": text}`` with a 4xx/5xx status.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Mapping
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlsplit

from pydantic import BaseModel

from edge_agent.routes import ApiError, ApiRequest, ApiResponse, Route, Router
from wire import Channel, lookup

if TYPE_CHECKING:
    from edge_agent.agent import Agent

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 8 * 1024 * 1024
DEFAULT_HUB_TIMEOUT = 5.0
MAX_HUB_TIMEOUT = 30.0


def core_routes(agent: Agent) -> list[Route]:
    """The routes every agent has: status, durable events, and requests forwarded to the hub."""

    def status(_req: ApiRequest) -> Any:
        return agent.status()

    def post_event(req: ApiRequest) -> Any:
        type_name = req.params["type"]
        model = lookup(Channel.EVENT, type_name)
        if model is None:
            raise ApiError(404, "unknown_type", f"there is no event type {type_name!r}")
        msg_id = agent.emit(req.parse(model))
        return ApiResponse(202, {"id": msg_id, "queued": agent.outbox.depth()})

    def post_hub(req: ApiRequest) -> Any:
        return forward_to_hub(agent, req)

    return [
        Route("GET", "/v1/status", status),
        Route("POST", "/v1/events/{type}", post_event),
        Route("POST", "/v1/hub/{request_type}", post_hub),
    ]


def forward_to_hub(agent: Agent, req: ApiRequest, add: Mapping[str, str] | None = None) -> Any:
    """``POST …/{request_type}``: the body checked against the request model, sent, the hub's answer
    returned. ``add``: fields the agent fills in itself (the card component's ``citizen_session``); a
    request type without such a field is refused."""
    from edge_agent.agent import HubRefused, HubUnavailable

    type_name = req.params["request_type"]
    model = lookup(Channel.REQUEST, type_name)
    if model is None:
        raise ApiError(404, "unknown_type", f"there is no request type {type_name!r}")
    missing = sorted(set(add or {}) - set(model.model_fields))
    if missing:
        raise ApiError(
            400, "no_session_field", f"{type_name} has no field {missing[0]!r} for the agent to fill"
        )
    body = req.parse(model)
    if add:
        body = body.model_copy(update=dict(add))
    try:
        timeout = float(req.query.get("timeout", DEFAULT_HUB_TIMEOUT))
    except ValueError:
        raise ApiError(400, "invalid_query", "timeout must be a number of seconds") from None
    if not 0 < timeout <= MAX_HUB_TIMEOUT:
        raise ApiError(400, "invalid_query", f"timeout must be above 0 and at most {MAX_HUB_TIMEOUT:g} s")
    try:
        return agent.request(body, timeout=timeout)
    except HubUnavailable as exc:
        log.warning("hub request %s failed: %s", type_name, exc.detail)
        raise ApiError(503, "hub_unavailable", exc.message) from None
    except HubRefused as exc:
        raise ApiError(422, exc.code, exc.message or f"the hub refused {type_name}") from None


class AgentApi:
    """A ThreadingHTTPServer on loopback serving the agent's router; port 0 picks a free port."""

    def __init__(self, agent: Agent, host: str, port: int) -> None:
        self.agent = agent
        self.router = self._router()
        self._handler: type[_Handler] = type("Handler", (_Handler,), {"router": self.router})
        self.server = ThreadingHTTPServer((host, port), self._handler)
        self.server.daemon_threads = True
        self._thread = threading.Thread(
            target=self.server.serve_forever, name="onestop-agent-api", daemon=True
        )

    def _router(self) -> Router:
        router = Router()
        for route in core_routes(self.agent) + self.agent.routes():
            router.add(route)
        return router

    def refresh_routes(self) -> None:
        """Serve the routes of the components running now (one was rebuilt by a new configuration)."""
        self.router = self._router()
        self._handler.router = self.router  # requests already being answered finish on the old routes

    @property
    def port(self) -> int:
        return int(self.server.server_address[1])

    @property
    def url(self) -> str:
        host = str(self.server.server_address[0])
        return f"http://{host}:{self.port}"

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class _Handler(BaseHTTPRequestHandler):
    router: Router
    server_version = "onestop-agent"
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def do_PUT(self) -> None:
        self._dispatch("PUT")

    def do_DELETE(self) -> None:
        self._dispatch("DELETE")

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s %s", self.address_string(), format % args)

    def _dispatch(self, method: str) -> None:
        try:
            url = urlsplit(self.path)
            body = self._read_body()
            route, params = self.router.match(method, url.path)
            request = ApiRequest(method, url.path, params, dict(parse_qsl(url.query)), body)
            result = route.handler(request)
        except ApiError as exc:
            self._send(exc.status, {"error": exc.code, "message": exc.message})
            return
        except Exception as exc:
            log.exception("local API %s %s failed", method, self.path)
            self._send(500, {"error": "internal", "message": f"the agent could not handle this: {exc}"})
            return
        if isinstance(result, ApiResponse):
            self._send(result.status, result.body, result.content_type)
        else:
            self._send(200, result)

    def _read_body(self) -> Any:
        length_text = self.headers.get("Content-Length") or "0"
        try:
            length = int(length_text)
        except ValueError:
            raise ApiError(400, "bad_request", "Content-Length is not a number") from None
        if length > MAX_BODY_BYTES:
            self.close_connection = True
            raise ApiError(413, "too_large", f"the body is over {MAX_BODY_BYTES} bytes")
        if length <= 0:
            return None
        raw = self.rfile.read(length)
        try:
            return json.loads(raw)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ApiError(400, "bad_json", f"the body is not valid JSON: {exc}") from None

    def _send(self, status: int, body: Any, content_type: str = "application/json") -> None:
        if isinstance(body, bytes):
            data = body
        else:
            if isinstance(body, BaseModel):
                body = body.model_dump(mode="json")
            data = json.dumps(body, ensure_ascii=False).encode()
            content_type = (
                "application/json; charset=utf-8" if content_type == "application/json" else content_type
            )
        self.send_response(
            status, HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else None
        )
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(data)
