"""Delivery adapters: email over SMTP (smtplib) and SMS through an HTTP provider (httpx).

Each sender raises DeliveryError; ``permanent`` says retrying cannot help (a refused address, a 4xx).
The SMS request carries the notification's reference so a provider can drop a repeat of a message it
already accepted (a retry after a timeout); see docs/cases.md for the provider contract.
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import make_msgid
from typing import Protocol

import httpx


class DeliveryError(Exception):
    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


@dataclass(frozen=True, slots=True)
class Outgoing:
    reference: str  # stable across retries: "n<notification id>"
    recipient: str
    subject: str | None
    body: str


class Sender(Protocol):
    def send(self, message: Outgoing) -> str:
        """Deliver or raise DeliveryError; returns the provider's id for the message."""
        ...


@dataclass(frozen=True, slots=True)
class SmtpSender:
    host: str
    port: int
    sender: str
    username: str | None = None
    password: str | None = None
    starttls: bool = False
    timeout: float = 10.0

    def send(self, message: Outgoing) -> str:
        mail = EmailMessage()
        mail["From"] = self.sender
        mail["To"] = message.recipient
        mail["Subject"] = message.subject or ""
        msg_id = make_msgid(idstring=message.reference, domain="onestop.local")
        mail["Message-ID"] = msg_id
        mail.set_content(message.body, charset="utf-8")
        try:
            with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
                if self.starttls:
                    smtp.starttls(context=ssl.create_default_context())
                if self.username:
                    smtp.login(self.username, self.password or "")
                smtp.send_message(mail)
        except smtplib.SMTPRecipientsRefused as exc:
            raise DeliveryError(
                f"the mail server refused {message.recipient}: {exc}", permanent=True
            ) from None
        except (smtplib.SMTPException, OSError) as exc:
            raise DeliveryError(f"mail server {self.host}:{self.port}: {type(exc).__name__}: {exc}") from None
        return msg_id


@dataclass(frozen=True, slots=True)
class HttpSmsSender:
    """POST ``{"to", "text", "reference"}`` as JSON with a Bearer key; 2xx with ``{"id"}`` means accepted."""

    url: str
    api_key: str | None = None
    timeout: float = 10.0

    def send(self, message: Outgoing) -> str:
        headers = {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}
        body = {"to": message.recipient, "text": message.body, "reference": message.reference}
        try:
            response = httpx.post(self.url, json=body, headers=headers, timeout=self.timeout)
        except httpx.HTTPError as exc:
            raise DeliveryError(f"SMS provider unreachable: {type(exc).__name__}: {exc}") from None
        if response.status_code >= 500 or response.status_code == 429:
            raise DeliveryError(f"SMS provider answered {response.status_code}; will retry")
        if response.status_code >= 400:
            raise DeliveryError(
                f"SMS provider refused the message ({response.status_code}): {response.text[:200]}",
                permanent=True,
            )
        try:
            return str(response.json().get("id", ""))
        except ValueError:
            return ""


@dataclass(frozen=True, slots=True)
class HttpMmsSender:
    """An MMS through the same HTTP provider: ``{"to", "text", "reference", "image": {"content_type",
    "data" (base64)}}``. The image is a QR code of the message's ``subject`` (an MMS's picture: e.g. the
    pick-up code a counter's reader scans)."""

    url: str
    api_key: str | None = None
    timeout: float = 10.0

    def send(self, message: Outgoing) -> str:
        import base64
        import io

        import qrcode  # type: ignore[import-untyped]

        if not message.subject:
            raise DeliveryError("an MMS needs the text of its QR image (subject)", permanent=True)
        png = io.BytesIO()
        qrcode.make(message.subject, box_size=8, border=4).save(png, format="PNG")
        image = {"content_type": "image/png", "data": base64.b64encode(png.getvalue()).decode("ascii")}
        headers = {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}
        body = {"to": message.recipient, "text": message.body, "reference": message.reference, "image": image}
        try:
            response = httpx.post(self.url, json=body, headers=headers, timeout=self.timeout)
        except httpx.HTTPError as exc:
            raise DeliveryError(f"MMS provider unreachable: {type(exc).__name__}: {exc}") from None
        if response.status_code >= 500 or response.status_code == 429:
            raise DeliveryError(f"MMS provider answered {response.status_code}; will retry")
        if response.status_code >= 400:
            raise DeliveryError(
                f"MMS provider refused ({response.status_code}): {response.text[:200]}", permanent=True
            )
        try:
            return str(response.json().get("id", ""))
        except ValueError:
            return ""
