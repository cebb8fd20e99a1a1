"""Pick-up by MMS code on SQLite and PostgreSQL: the code goes out as an MMS whose QR image decodes to it; read
at the right office it shows the case and is handed over once; a second read, an expired code and the wrong
office each get their message; bad input is named and changes nothing."""

from __future__ import annotations

import base64
import io
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from fastapi.testclient import TestClient
from PIL import Image
from pyzbar import pyzbar
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from hub.core.config import load_settings
from hub.notify.outbox import deliver_due
from hub.notify.senders import HttpMmsSender
from hub.pickup.models import PickupCode
from hub.pickup.rules import VALID_FOR
from hub.pickup.service import read
from wire import now_ms
from wire.printed import pickup_from_qr

# the key the test app hashes codes with: tests/conftest.py gives every test hub a random light_id_key
SECRET = load_settings().light_id_key.get_secret_value().encode()


@pytest.fixture
def provider() -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """A stand-in MMS provider on loopback that keeps every message it accepts."""
    received: list[dict[str, Any]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            answer = b'{"id": "m1"}'
            self.send_response(200)
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args: Any) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/mms", received
    server.shutdown()


def _closed_case(client: TestClient, auth: dict[str, str]) -> dict[str, Any]:
    created = client.post(
        "/api/v1/cases",
        json={"service": "SW-PARKING-PERMIT", "channel": "counter", "consent": True,
              "applicant": {"name": "林小美", "phone": "0912345678"}},
        headers=auth,
    ).json()  # fmt: skip
    assert client.post(f"/api/v1/cases/{created['case_no']}/milestones", json={"milestone": "closed"},
                       headers=auth).status_code == 200  # fmt: skip
    return created


def _code_from_mms(
    sessions: sessionmaker[Session], provider: tuple[str, list[dict[str, Any]]], office: str
) -> str:
    url, received = provider
    deliver_due(sessions, {"mms": HttpMmsSender(url)}, public_url="https://onestop.example.tw")
    (mms,) = [m for m in received if "image" in m]
    assert mms["to"] == "0912345678" and office in mms["text"]
    image = Image.open(io.BytesIO(base64.b64decode(mms["image"]["data"])))
    (qr,) = pyzbar.decode(image)
    code = pickup_from_qr(qr.data.decode())
    assert code is not None and code in mms["text"]
    return qr.data.decode()


def test_code_by_mms_read_at_the_counter_handed_over_once(
    client: TestClient, counter_auth: dict[str, str], sessions: sessionmaker[Session], provider: Any
) -> None:
    case = _closed_case(client, counter_auth)
    chosen = client.post("/api/v1/pickup/choose", json={"case_no": case["case_no"],
                         "password": case["query_password"], "office": "HR-TAOYUAN"})  # fmt: skip
    assert chosen.status_code == 202, chosen.text
    scanned = _code_from_mms(
        sessions, provider, "桃園市戶政事務所"
    )  # what the counter's 2D reader reads off the phone

    elsewhere = client.post(
        "/api/v1/pickup/read", json={"code": scanned, "office": "HR-ZHONGLI"}, headers=counter_auth
    )
    assert (
        elsewhere.json()["verdict"] == "wrong_office" and "桃園市戶政事務所" in elsewhere.json()["message"][0]
    )
    assert elsewhere.json()["name"] is None  # the wrong counter does not see whose it is
    here = client.post(
        "/api/v1/pickup/read", json={"code": scanned, "office": "HR-TAOYUAN"}, headers=counter_auth
    )
    assert here.json()["verdict"] == "ok" and here.json()["case_no"] == case["case_no"]
    assert here.json()["name"] == "林小美" and here.json()["service_name"]
    typed = scanned.rsplit(":", 1)[1].lower()  # typed by hand, lower case
    handed = client.post(
        "/api/v1/pickup/handover", json={"code": typed, "office": "HR-TAOYUAN"}, headers=counter_auth
    )
    assert handed.status_code == 200 and handed.json()["verdict"] == "ok"
    again = client.post(
        "/api/v1/pickup/handover", json={"code": scanned, "office": "HR-TAOYUAN"}, headers=counter_auth
    )
    assert again.status_code == 409 and again.json()["detail"]["verdict"] == "used"
    assert "已使用過" in again.json()["detail"]["message"][0]
    with sessions() as session:
        (row,) = session.scalars(select(PickupCode)).all()
        assert row.handed_by == "chen.counter" and row.handed_office == "HR-TAOYUAN"
        assert scanned.rsplit(":", 1)[1] not in row.code_hash  # only the keyed hash is kept


def test_an_expired_code_says_so(
    client: TestClient, counter_auth: dict[str, str], sessions: sessionmaker[Session], provider: Any
) -> None:
    case = _closed_case(client, counter_auth)
    client.post("/api/v1/pickup/choose", json={"case_no": case["case_no"], "password": case["query_password"],
                                               "office": "LAND-DAXI"})  # fmt: skip
    scanned = _code_from_mms(sessions, provider, "大溪地政事務所")
    with sessions() as session:
        expires = session.scalars(select(PickupCode.expires_at)).one()
        assert expires - now_ms() <= VALID_FOR.total_seconds() * 1000
        result = read(session, scanned, "LAND-DAXI", SECRET, expires)
        assert result.verdict.value == "expired" and "逾期" in result.message[0]
        assert read(session, scanned, "LAND-DAXI", SECRET, expires - 1).verdict.value == "ok"


def test_bad_input_is_named_and_changes_nothing(
    client: TestClient, counter_auth: dict[str, str], sessions: sessionmaker[Session]
) -> None:
    case = _closed_case(client, counter_auth)
    body = {"case_no": case["case_no"], "password": case["query_password"], "office": "HR-NOWHERE"}
    unknown = client.post("/api/v1/pickup/choose", json=body)
    assert unknown.status_code == 422 and unknown.json()["detail"]["field"] == "office"
    wrong = client.post(
        "/api/v1/pickup/choose", json={**body, "office": "HR-TAOYUAN", "password": "WRONG234"}
    )
    assert wrong.status_code == 422 and wrong.json()["detail"]["field"] == "case"
    open_case = client.post(
        "/api/v1/cases",
        json={"service": "SW-PARKING-PERMIT", "channel": "counter", "consent": True,
              "applicant": {"name": "甲", "phone": "0912000111"}},
        headers=counter_auth,
    ).json()  # fmt: skip
    not_done = client.post("/api/v1/pickup/choose", json={"case_no": open_case["case_no"],
                           "password": open_case["query_password"], "office": "HR-TAOYUAN"})  # fmt: skip
    assert not_done.status_code == 422 and "not done" in not_done.json()["detail"]["message"]
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(PickupCode)) == 0
    bad_code = client.post(
        "/api/v1/pickup/read", json={"code": "12", "office": "HR-TAOYUAN"}, headers=counter_auth
    )
    assert bad_code.status_code == 422 and bad_code.json()["detail"]["field"] == "code"
    nowhere = client.post(
        "/api/v1/pickup/read", json={"code": "ABCDEFGH23", "office": "X"}, headers=counter_auth
    )
    assert nowhere.status_code == 422 and nowhere.json()["detail"]["field"] == "office"
    unknown_code = client.post("/api/v1/pickup/read", json={"code": "ABCDEFGH23", "office": "HR-TAOYUAN"},
                               headers=counter_auth)  # fmt: skip
    assert unknown_code.json()["verdict"] == "unknown"
    assert len(client.get("/api/v1/pickup/offices").json()) == 20


def test_pages_choose_online_and_the_counter_types_a_code(
    client: TestClient,
    counter_auth: dict[str, str],
    sessions: sessionmaker[Session],
    provider: Any,
    make_token: Any,
) -> None:
    case = _closed_case(client, counter_auth)
    assert client.get("/pickup").status_code == 200
    bad = client.post(
        "/pickup", data={"case_no": case["case_no"], "password": case["query_password"], "office": "X"}
    )
    assert bad.status_code == 422 and "office" in bad.text
    ok = client.post("/pickup", data={"case_no": case["case_no"], "password": case["query_password"],
                                      "office": "HR-BADE"})  # fmt: skip
    assert ok.status_code == 200 and "八德市戶政事務所" in ok.text
    scanned = _code_from_mms(sessions, provider, "八德市戶政事務所")
    client.post("/staff/login", data={"token": make_token("wang.counter", "counter")}, follow_redirects=False)
    page = client.post("/staff/pickup", data={"office": "HR-BADE", "code": scanned, "action": "handover"})
    assert page.status_code == 200 and "已交付" in page.text and case["case_no"] in page.text
    again = client.post("/staff/pickup", data={"office": "HR-BADE", "code": scanned, "action": "handover"})
    assert "已使用過" in again.text
