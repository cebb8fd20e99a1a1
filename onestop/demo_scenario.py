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


def hub_call(hub_url: str, method: str, path: str, token: str, body: dict[str, Any]) -> dict[str, Any]:
    req = urllib.request.Request(
        f"{hub_url}{path}",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
        method=method,
    )
    with urllib.request.urlopen(req, timeout=30) as resp:
        result: dict[str, Any] = json.loads(resp.read() or b"{}")
        return result


def set_up_counter(hub_url: str, supervisor_token: str, site: str, device: str, counter: str) -> None:
    """The supervisor registers the office and its counter c01 (served by the counter agent's keypad)."""
    hub_call(hub_url, "PUT", f"/api/v1/ratings/offices/{site}", supervisor_token, {"name": ORG})
    hub_call(
        hub_url,
        "PUT",
        f"/api/v1/ratings/counters/{site}/{counter}",
        supervisor_token,
        {"device": device, "name": "1號櫃檯 Counter 1", "staff": "chen.counter"},
    )


def counter_rating(hub_url: str, counter_token: str, site: str, keypad: Any, rng: random.Random) -> str:
    """Counter staff finish with a citizen; the hub prompts the keypad (voice + light); the citizen presses."""
    from wire.keypad import Verb

    prompts_before = sum(1 for f in keypad.commands if f.verb is Verb.PROMPT)
    hub_call(hub_url, "POST", "/api/v1/ratings/prompts", counter_token, {"site": site, "counter": "c01"})
    deadline = time.monotonic() + 5
    while sum(1 for f in keypad.commands if f.verb is Verb.PROMPT) == prompts_before:
        if time.monotonic() > deadline:
            return "counter c01: the keypad was not prompted within 5 s (see the counter agent's log)"
        time.sleep(0.05)
    key = rng.choice(BUTTONS)
    keypad.press(key)
    return f"counter c01: prompted by the hub, the citizen pressed keypad button {key}"
