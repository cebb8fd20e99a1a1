"""Serves a FakeAgent on loopback HTTP with the agent API's routes, so HttpAgentClient is tested over a wire."""

from __future__ import annotations

import json
import threading
from dataclasses import asdict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from kiosk import agent_api as api
from kiosk.agent_client import AgentError, WrongPin
from kiosk.fake_agent import FakeAgent

_STATUS_OF = {"wrong_pin": 401, "card_blocked": 423, "card_absent": 409, "hub_unavailable": 503,
              "case_not_found": 404, "unknown_service": 404, "unknown_request": 404}  # fmt: skip


def _dispatch(agent: FakeAgent, method: str, path: str, body: dict[str, Any]) -> Any:
    if method == "GET" and path == api.STATUS:
        st = agent.status()
        comps = {c.name: {"state": c.state, "reason": c.reason} for c in st.components}
        return {"online": st.online, "queued": st.queued, "components": comps}
    if method == "GET" and path == api.CARD:
        s = agent.card_state()
        return {"present": s.present, "reader_ok": s.reader_ok, "status": s.status}
    if method != "POST":
        raise AgentError("not_found", f"{method} {path}")
    if path == api.CARD_PIN:
        login = agent.verify_pin(str(body.get("pin", "")))
        return {"session": login.session, "holder": {"name": login.holder_name}}
    if path == api.CARD_LOGOUT:
        agent.card_logout()
        return {}
    prefix = api.HUB.split("{", 1)[0]
    if path.startswith(prefix):
        reply = agent.hub_request(
            path[len(prefix) :],
            dict(body.get("body") or {}),
            queue_if_offline=bool(body.get("queue_if_offline")),
        )
        return {"body": reply.body, "queued": reply.queued, "request_id": reply.request_id}
    if path == api.PRINT_RECEIPT:
        return asdict(agent.print_receipt(body))
    if path == api.PRINT_SLIP:
        return asdict(agent.print_slip(str(body["case_no"]), dict(body["payment"])))
    if path == api.PRINT_FORM:
        return asdict(agent.print_form(str(body["form_id"]), str(body["case_no"]), dict(body["fields"])))
    if path == api.SCAN:
        return asdict(agent.scan(body.get("case_no"), test=bool(body.get("test"))))
    raise AgentError("not_found", f"{method} {path}")


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
                    body = json.loads(self.rfile.read(length) or b"{}") if length else {}
                    result, status = _dispatch(fake, self.command, self.path, body), 200
                except AgentError as exc:
                    result = {"error": exc.code, "message": str(exc), **exc.detail}
                    if isinstance(exc, WrongPin):
                        result["tries_left"] = exc.tries_left
                    status = 404 if exc.code == "not_found" else _STATUS_OF.get(exc.code, 409)
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
