"""Enrolment of an unprovisioned agent: get a claim code from the hub, show it, wait to be claimed, keep the login.

The pickup secret never leaves the device except to the hub over the enrolment call; the hub keeps only
its hash, so only this device can collect the credentials a technician's claim produced.
"""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass

from edge_agent.provisioning.store import Provisioned, ProvisioningStore
from wire import DeviceKind
from wire.onboarding import Onboarding
from wire.payloads.provisioning import EnrolRequest, EnrolTicket, IssuedCredentials

log = logging.getLogger(__name__)


class EnrolmentError(RuntimeError):
    """The hub refused or could not be reached; the message says which and what to check."""


@dataclass(frozen=True, slots=True)
class Shown:
    """What the device displays (kiosk screen) or prints (receipt printer) for the technician."""

    onboarding: Onboarding
    expires_at: int


def _call(
    method: str, url: str, body: bytes | None = None, headers: dict[str, str] | None = None
) -> tuple[int, dict]:  # type: ignore[type-arg]
    req = urllib.request.Request(
        url, data=body, method=method, headers={"Content-Type": "application/json", **(headers or {})}
    )
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, json.loads(resp.read() or b"{}")
    except urllib.error.HTTPError as exc:
        try:
            detail = json.loads(exc.read() or b"{}")
        except ValueError:
            detail = {}
        return exc.code, detail
    except (urllib.error.URLError, OSError) as exc:
        raise EnrolmentError(f"the hub at {url.split('/api/')[0]} cannot be reached: {exc}") from None


class Enroller:
    """Runs until the device is claimed (``wait``) or ``cancel`` is called; re-enrols when a code expires."""

    def __init__(
        self,
        hub_url: str,
        device_id: str,
        kind: DeviceKind,
        store: ProvisioningStore,
        *,
        show: Callable[[Shown], None] = lambda s: None,
        poll_interval: float = 1.0,
        version: str = "",
    ) -> None:
        self.base = hub_url.rstrip("/") + "/api/v1/provisioning"
        self.device_id, self.kind, self.version = device_id, kind, version
        self.store = store
        self.show = show
        self.poll_interval = poll_interval
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def _enrol(self) -> tuple[str, EnrolTicket]:
        secret = secrets.token_urlsafe(32)
        req = EnrolRequest(
            device_id=self.device_id,
            kind=self.kind,
            version=self.version[:32],
            pickup_hash=hashlib.sha256(secret.encode()).hexdigest(),
        )
        status, body = _call("POST", f"{self.base}/enrol", req.model_dump_json().encode())
        if status != 201:
            raise EnrolmentError(f"the hub refused enrolment ({status}): {body.get('detail', body)}")
        ticket = EnrolTicket.model_validate(body)
        self.show(Shown(Onboarding(self.device_id, self.kind, ticket.claim_code), ticket.expires_at))
        log.info("enrolled %s; waiting for a technician to claim it", self.device_id)
        return secret, ticket

    def wait(self, timeout: float | None = None) -> Provisioned | None:
        """Enrol, show the code, poll until claimed; the stored result, or None if cancelled/timed out."""
        end = None if timeout is None else time.monotonic() + timeout
        secret, _ = self._enrol()
        while not self._cancel.is_set() and (end is None or time.monotonic() < end):
            status, body = _call(
                "GET", f"{self.base}/enrol/{self.device_id}", headers={"X-Pickup-Secret": secret}
            )
            if status == 200:
                return self.store.save_credentials(IssuedCredentials.model_validate(body))
            if status in (404, 410):  # code expired or superseded: show a new one
                log.info("claim code no longer valid (%s); enrolling again", body.get("detail", status))
                secret, _ = self._enrol()
            elif status != 202:
                raise EnrolmentError(f"the hub answered {status}: {body.get('detail', body)}")
            self._cancel.wait(self.poll_interval)
        return None
