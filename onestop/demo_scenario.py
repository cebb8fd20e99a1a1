"""What the demo's simulated citizens do, through the agents' local APIs exactly as the kiosk UI would."""

from __future__ import annotations

import json
import random
import time
import urllib.request
from datetime import date
from typing import Any

from wire import new_message_id
from wire.payloads.cases import hash_query_password, make_query_password

ORG = "臺北市信義區戶政事務所"
# Codes from the hub's shipped catalogue (hub/catalogue/services.yaml).
KIOSK_SERVICES = (
    "HR-TRANSCRIPT",
    "HR-HOUSEHOLD-BOOK",
    "TAX-HOUSE-CERT",
    "POL-CRIMINAL-RECORD",
    "LAB-JOB-REGISTER",
)
BUTTONS = (1, 2, 2, 1, 3, 4)  # keypad keys: 1 very satisfied .. 4 very dissatisfied, mostly happy


def post(port: int, path: str, body: dict[str, Any], timeout: float = 30) -> dict[str, Any]:
    req = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(req, timeout=timeout) as resp:
        result: dict[str, Any] = json.loads(resp.read() or b"{}")
        return result


def open_case(kiosk_port: int, case_no: str, name: str) -> str:
    """A citizen files a household-transcript case at the kiosk and gets the receipt (number + password)."""
    password = make_query_password()
    post(
        kiosk_port,
        "/v1/events/case.opened",
        {
            "case_no": case_no,
            "service": "HR-TRANSCRIPT",
            "password_hash": hash_query_password(password),
            "name": name,
            "phone": "0912345678",
            "identity": "card",
            "consent": True,
        },
    )
    post(
        kiosk_port,
        "/v1/printer/case-receipts",
        {
            "job": new_message_id(),
            "org": ORG,
            "service": "請領個人戶籍謄本",
            "case_no": case_no,
            "filed_on": date.today().isoformat(),
            "query_password": password,
        },
    )
    return password


def return_documents(kiosk_port: int) -> str:
    """The citizen feeds the signed pages back; the scanner reads each page's QR code."""
    result = post(kiosk_port, "/v1/scanner/scans", {}, timeout=120)
    pages = ", ".join(
        f"page {p['index'] + 1} → {p['case_no'] or 'no QR, flagged for staff'}" for p in result["pages"]
    )
    return f"scanned {result['page_count']} returned page(s): {pages}"


def kiosk_visit(kiosk_port: int, rng: random.Random) -> str:
    service = rng.choice(KIOSK_SERVICES)
    post(
        kiosk_port,
        "/v1/events/kiosk.visit",
        {"service": service, "seconds": rng.randint(40, 400), "outcome": "completed", "pages_printed": 2},
    )
    return f"kiosk-001: a citizen used {service}"


def keypad_rating(keypad: Any, rng: random.Random) -> str:
    """A citizen at counter c01 presses a button on the rating keypad (a real serial line)."""
    key = rng.choice(BUTTONS)
    keypad.press(key)
    time.sleep(0.05)
    return f"counter c01: a citizen pressed keypad button {key}"
