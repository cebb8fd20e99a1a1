"""Serves a FakeAgent on loopback HTTP with the agent API's routes, so HttpAgentClient is tested over a wire."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from kiosk import agent_api as api
from kiosk.agent_client import AgentError
from onestop.dev.fake_agent import FakeAgent

_STATUS_OF = {"wrong_pin": 401, "login_refused": 401, "pin_blocked": 423, "no_card": 409, "card_removed": 409,
              "invalid_pin": 400, "hub_unavailable": 503, "not_found": 404, "unknown_type": 404,
              "no_such_job": 404}  # fmt: skip


class FakeAgentServer:
    """``with FakeAgentServer(agent) as url:`` serves ``agent`` on a free loopback port."""

    def __init__(self, agent: FakeAgent, port: int = 0) -> None:
        self.agent = agent
        fake = agent

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # keep request lines (and bodies) out of logs
                pass

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                try:
                    body = json.loads(self.rfile.read(length) or b"{}") if length else None
                    result = fake.send(api.Request(self.command, self.path, body))
                    status = 202 if self.command == "POST" and "job" in result else 200
                except AgentError as exc:
                    result = {"error": exc.code, "message": exc.message, **exc.detail}
                    status = _STATUS_OF.get(exc.code, 409)
                except (ValueError, KeyError, TypeError) as exc:
                    result, status = {"error": "bad_request", "message": type(exc).__name__}, 400
                raw = json.dumps(result).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            do_GET = do_POST = _handle

        self._server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> str:
        self._thread.start()
        return self.url

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> str:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
