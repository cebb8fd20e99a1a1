"""Enrolment against a stub hub at the HTTP seam: an expired code is replaced by a new one, then pickup."""

from __future__ import annotations

import hashlib
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from edge_agent.provisioning.enrolment import Enroller, EnrolmentError
from edge_agent.provisioning.store import ProvisioningStore
from wire import DeviceKind


class StubHub:
    """Issues codes 0000000001, 0000000002, ...; the first code expires, the second gets claimed."""

    def __init__(self) -> None:
        self.codes = 0
        self.pickups = 0
        self.pickup_hash = ""
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _reply(self, status, body):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self):
                req = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                stub.codes += 1
                stub.pickup_hash = req["pickup_hash"]
                self._reply(
                    201, {"device_id": req["device_id"], "claim_code": f"{stub.codes:010d}", "expires_at": 1}
                )

            def do_GET(self):
                secret = self.headers["X-Pickup-Secret"]
                assert hashlib.sha256(secret.encode()).hexdigest() == stub.pickup_hash
                stub.pickups += 1
                if stub.codes == 1:
                    self._reply(410, {"detail": "the claim code expired"})
                elif stub.pickups < 4:
                    self._reply(202, {"status": "waiting"})
                else:
                    self._reply(
                        200,
                        {
                            "device_id": "kiosk-1",
                            "site": "taipei-1",
                            "counter": "",
                            "broker_url": "mqtt://h:1883",
                            "username": "kiosk-1",
                            "password": "p" * 32,
                        },
                    )

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"


def test_expired_code_is_replaced_then_credentials_are_stored(tmp_path):
    hub = StubHub()
    shown = []
    try:
        enroller = Enroller(
            hub.url,
            "kiosk-1",
            DeviceKind.KIOSK,
            ProvisioningStore(tmp_path),
            show=shown.append,
            poll_interval=0.01,
        )
        state = enroller.wait(timeout=10)
    finally:
        hub.server.shutdown()
    assert [s.onboarding.claim_code for s in shown] == ["0000000001", "0000000002"]
    assert state is not None and state.credentials.site == "taipei-1"
    assert ProvisioningStore(tmp_path).load() == state


def test_unreachable_hub_is_a_clear_error(tmp_path):
    enroller = Enroller("http://127.0.0.1:9", "kiosk-1", DeviceKind.KIOSK, ProvisioningStore(tmp_path))
    with pytest.raises(EnrolmentError, match="cannot be reached"):
        enroller.wait(timeout=1)
