"""The local API while the device waits to be claimed: the kiosk screen shows the QR code from here.

It listens where the agent's API will listen once provisioned (loopback only), so the kiosk keeps talking
to one address: ``GET /v1/status`` says ``provisioned: false``; ``GET /v1/provisioning/onboarding`` gives
the QR text, manual code and expiry (404 until the hub issued a code).
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from edge_agent.provisioning.enrolment import Shown


class OnboardingApi:
    def __init__(self, device_id: str, kind: str, host: str = "127.0.0.1", port: int = 0) -> None:
        self.device_id, self.kind = device_id, kind
        self._shown: Shown | None = None
        self._lock = threading.Lock()
        api = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                status, body = api.answer(self.path.split("?")[0])
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self._server = ThreadingHTTPServer((host, port), Handler)
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def show(self, shown: Shown) -> None:
        with self._lock:
            self._shown = shown

    def answer(self, path: str) -> tuple[int, dict[str, Any]]:
        with self._lock:
            shown = self._shown
        if path == "/v1/status":
            return 200, {"device": self.device_id, "kind": self.kind, "provisioned": False, "online": False}
        if path == "/v1/provisioning/onboarding":
            if shown is None:
                return 404, {"error": "not_enrolled", "message": "waiting for the hub to issue a claim code"}
            return 200, {
                "device_id": shown.onboarding.device_id,
                "qr_text": shown.onboarding.qr_text(),
                "manual_code": shown.onboarding.manual_code,
                "expires_at": shown.expires_at,
            }
        return 404, {"error": "not_found", "message": "this device is not provisioned yet"}

    def start(self) -> OnboardingApi:
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="onestop-onboarding", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
