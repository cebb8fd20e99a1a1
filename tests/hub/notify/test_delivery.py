"""Notifications through a real in-process SMTP server (aiosmtpd) and an HTTP stub SMS provider."""

from __future__ import annotations

import email
import json
import threading
from collections.abc import Iterator
from email.policy import default as default_policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from hub.cases.service import Applicant, advance, open_case
from hub.notify.models import Notification
from hub.notify.outbox import deliver_due
from hub.notify.senders import HttpSmsSender, SmtpSender
from hub.notify.templates import PUBLIC_URL_SLOT
from onestop.processes import free_port

PUBLIC = "https://onestop.example.tw"


class _Inbox:
    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(email.message_from_bytes(envelope.content, policy=default_policy))  # type: ignore[arg-type]
        return "250 OK"


@pytest.fixture
def smtp() -> Iterator[tuple[int, _Inbox]]:
    inbox = _Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield port, inbox
    controller.stop()


class SmsStub:
    """An HTTP SMS provider that fails the first ``fail_first`` requests with 503, then accepts."""

    def __init__(self, fail_first: int) -> None:
        self.fail_first = fail_first
        self.requests: list[dict[str, Any]] = []
        self.delivered: dict[str, dict[str, Any]] = {}  # reference -> message (a provider dedups on it)
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                stub.requests.append(body)
                if len(stub.requests) <= stub.fail_first:
                    self.send_response(503)
                    self.end_headers()
                    return
                stub.delivered.setdefault(body["reference"], body)
                payload = json.dumps({"id": f"sms-{len(stub.delivered)}"}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/send"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _open(sessions: sessionmaker[Session], **applicant: str) -> str:
    with sessions() as session, session.begin():
        case, _ = open_case(
            session,
            service_code="SW-PARKING-PERMIT",
            channel="counter",
            applicant=Applicant("林美玲", **applicant),
            consent=True,
            actor="chen",
            public_url=PUBLIC,
        )
        return case.case_no


def test_emails_reach_the_smtp_server_with_the_right_texts(
    sessions: sessionmaker[Session], smtp: tuple[int, _Inbox]
) -> None:
    port, inbox = smtp
    no = _open(sessions, email="mei@example.tw")
    with sessions() as session, session.begin():
        advance(
            session, case_no=no, milestone="supplement", actor="chen", public_url=PUBLIC, note="請補行照影本"
        )
    sent = deliver_due(
        sessions, {"email": SmtpSender("127.0.0.1", port, "OneStop <onestop@example.tw>")}, public_url=PUBLIC
    )
    assert sent == 2 and len(inbox.messages) == 2
    received, supplement = inbox.messages
    assert received["Subject"] == f"【OneStop】案件 {no} 已受理 / Case received"
    assert received["To"] == "mei@example.tw"
    body = received.get_content()
    assert "身心障礙者專用停車位識別證" in body and f"{PUBLIC}/progress" in body and "社會局" in body
    assert "請補行照影本" in supplement.get_content() and "補正期間不計入處理期限" in supplement.get_content()
    with sessions() as session:
        statuses = set(session.scalars(select(Notification.status)))
    assert statuses == {"sent"}


def test_a_text_queued_without_the_public_address_gets_the_senders(
    sessions: sessionmaker[Session], smtp: tuple[int, _Inbox]
) -> None:
    """GIVEN a case opened where no settings are at hand (the kiosk handler passes public_url=None)
    THEN the queued text holds no address yet, and the mail carries the worker's Settings.public_url."""
    port, inbox = smtp
    with sessions() as session, session.begin():
        open_case(
            session,
            service_code="SW-PARKING-PERMIT",
            channel="kiosk",
            applicant=Applicant("林美玲", email="mei@example.tw"),
            consent=True,
            actor="kiosk:kiosk-01",
            public_url=None,
        )
    with sessions() as session:
        queued = session.scalars(select(Notification.body)).one()
    assert "http" not in queued and PUBLIC_URL_SLOT + "/progress" in queued
    sender = SmtpSender("127.0.0.1", port, "OneStop <onestop@example.tw>")
    assert deliver_due(sessions, {"email": sender}, public_url="https://hub.example.tw/") == 1
    body = inbox.messages[0].get_content()
    assert "https://hub.example.tw/progress" in body and "\ue000" not in body


def test_sms_provider_failing_twice_then_succeeding_delivers_once(sessions: sessionmaker[Session]) -> None:
    """GIVEN a provider answering 503 twice WHEN the outbox retries THEN the third attempt delivers, exactly once,
    and the case was never blocked (it was opened before any attempt)."""
    stub = SmsStub(fail_first=2)
    try:
        no = _open(sessions, phone="0912345678")
        senders = {"sms": HttpSmsSender(stub.url)}
        assert deliver_due(sessions, senders, public_url=PUBLIC, backoff_s=(0,)) == 0
        with sessions() as session:
            note = session.scalar(select(Notification))
            assert (
                note is not None
                and note.status == "pending"
                and note.attempts == 1
                and "503" in (note.last_error or "")
            )
        assert deliver_due(sessions, senders, public_url=PUBLIC, backoff_s=(0,)) == 0
        assert deliver_due(sessions, senders, public_url=PUBLIC, backoff_s=(0,)) == 1
        assert (
            deliver_due(sessions, senders, public_url=PUBLIC, backoff_s=(0,)) == 0
        )  # nothing left: no second delivery
        assert len(stub.requests) == 3 and len(stub.delivered) == 1
        (message,) = stub.delivered.values()
        assert message["to"] == "0912345678" and no in message["text"]
        with sessions() as session:
            note = session.scalar(select(Notification))
            assert note is not None and (note.status, note.attempts, note.provider_ref) == (
                "sent",
                3,
                "sms-1",
            )
    finally:
        stub.close()


def test_unreachable_server_backs_off_and_a_refusal_fails_for_good(sessions: sessionmaker[Session]) -> None:
    _open(sessions, email="mei@example.tw")
    dead = SmtpSender("127.0.0.1", free_port(), "x@example.tw", timeout=1)
    assert deliver_due(sessions, {"email": dead}, public_url=PUBLIC) == 0
    with sessions() as session:
        note = session.scalar(select(Notification))
        assert note is not None and note.status == "pending" and note.next_attempt_at > note.created_at + 5000
    assert deliver_due(sessions, {"email": dead}, public_url=PUBLIC) == 0  # not due yet: no second attempt
    with sessions() as session:
        assert session.scalar(select(Notification.attempts)) == 1


def test_sms_4xx_is_permanent(sessions: sessionmaker[Session]) -> None:
    _open(sessions, phone="0912345678")

    class Refusing:
        def send(self, message: Any) -> str:
            from hub.notify.senders import DeliveryError

            raise DeliveryError("invalid number", permanent=True)

    deliver_due(sessions, {"sms": Refusing()}, public_url=PUBLIC)
    with sessions() as session:
        assert session.scalar(select(Notification.status)) == "failed"


def test_no_sender_configured_leaves_messages_pending(sessions: sessionmaker[Session]) -> None:
    _open(sessions, phone="0912345678", email="a@example.tw")
    assert deliver_due(sessions, {}, public_url=PUBLIC) == 0
    with sessions() as session:
        assert set(session.scalars(select(Notification.status))) == {"pending"}
