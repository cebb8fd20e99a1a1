"""The demo's local post office: a real SMTP server and an SMS provider stand-in on loopback.

Every email the hub sends lands as an ``.eml`` file in ``mail/``, every SMS as a line of ``sms.jsonl``, so a
newcomer can read exactly what a citizen would receive. Production uses a real SMTP relay and SMS gateway.
"""

from __future__ import annotations

import base64
import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from onestop.processes import free_port


class _Mailbox:
    """aiosmtpd handler: each accepted message becomes one file."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        path = self.directory / f"{uuid.uuid4().hex[:12]}.eml"
        path.write_bytes(envelope.original_content or envelope.content)
        return "250 Message accepted for delivery"


class LocalPost:
    def __init__(self, directory: Path) -> None:
        self.mail_dir = directory / "mail"
        self.sms_log = directory / "sms.jsonl"
        self._smtp: Any = None
        self._sms: ThreadingHTTPServer | None = None

    def start(self) -> LocalPost:
        from aiosmtpd.controller import Controller

        self.mail_dir.mkdir(parents=True, exist_ok=True)
        self._smtp = Controller(_Mailbox(self.mail_dir), hostname="127.0.0.1", port=free_port())
        self._smtp.start()
        sms_log, lock = self.sms_log, threading.Lock()

        class Provider(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
                image = body.pop("image", None)
                if isinstance(image, dict) and image.get("data"):  # an MMS: keep its picture beside the log
                    picture = sms_log.parent / "mms" / f"{body.get('reference', uuid.uuid4().hex)}.png"
                    picture.parent.mkdir(parents=True, exist_ok=True)
                    picture.write_bytes(base64.b64decode(image["data"]))
                    body["image_file"] = str(picture)
                with lock, sms_log.open("a", encoding="utf-8") as out:
                    out.write(json.dumps(body, ensure_ascii=False) + "\n")
                answer = json.dumps({"id": uuid.uuid4().hex}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, format: str, *args: Any) -> None:
                return

        self._sms = ThreadingHTTPServer(("127.0.0.1", free_port()), Provider)
        threading.Thread(target=self._sms.serve_forever, name="demo-sms", daemon=True).start()
        return self

    def hub_env(self, public_url: str) -> dict[str, str]:
        """Environment that points the hub's notification senders here."""
        assert self._smtp is not None and self._sms is not None
        return {
            "ONESTOP_HUB_SMTP_HOST": "127.0.0.1",
            "ONESTOP_HUB_SMTP_PORT": str(self._smtp.port),
            "ONESTOP_HUB_SMS_URL": f"http://127.0.0.1:{self._sms.server_address[1]}/sms",
            "ONESTOP_HUB_PUBLIC_URL": public_url,
            "ONESTOP_HUB_DEMO": "true",  # the built-in ID-hashing keys are allowed in the demo only
            "ONESTOP_HUB_NOTIFY_INTERVAL_S": "2",  # a demo user watches for the SMS; production polls every 10 s
        }

    def stop(self) -> None:
        if self._smtp is not None:
            self._smtp.stop()
        if self._sms is not None:
            self._sms.shutdown()
            self._sms.server_close()
