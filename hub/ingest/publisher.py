"""HubLink: everything the hub publishes to devices (acks, responses, commands), over the consumer's session.

HTTP routes get it from ``request.app.state.hub_link`` (``hub.api.deps.HubLinkDep``) and call
``send_command(site, device, body)``; the command is recorded before it is published, and the device's
``cmdack`` later sets its status.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable

from sqlalchemy.orm import Session, sessionmaker

from wire import Envelope, Payload, encode, make_envelope, now_ms, topics
from wire.codec import HUB_DEVICE

log = logging.getLogger(__name__)

#: Most ids one ``ack`` may carry (the wire model's limit).
ACK_CHUNK = 2000

PublishFn = Callable[[str, bytes], None]


class NotConnectedError(RuntimeError):
    """The hub has no broker connection right now; the command was not sent."""


class HubLink:
    """Stamps hub envelopes (session = start time in ms, seq 0-255) and publishes them at QoS 1."""

    def __init__(
        self,
        publish: PublishFn,
        sessions: sessionmaker[Session] | None = None,
        is_connected: Callable[[], bool] = lambda: True,
        legacy: bool = True,
    ) -> None:
        self._publish = publish
        self._sessions = sessions
        self._is_connected = is_connected
        #: during the topic migration window commands also go to v1 topics (a device listens on one)
        self._command_versions = topics.VERSIONS if legacy else (topics.VERSION,)
        self.session = now_ms()
        self._seq = 0
        self._lock = threading.Lock()

    @property
    def connected(self) -> bool:
        return self._is_connected()

    def envelope(self, body: Payload, corr: str | None = None) -> Envelope:
        with self._lock:
            seq, self._seq = self._seq, (self._seq + 1) % 256
        return make_envelope(body, device=HUB_DEVICE, session=self.session, seq=seq, corr=corr)

    def send_acks(
        self, site: str, device: str, ids: Iterable[str], versions: Iterable[int] = (topics.VERSION,)
    ) -> None:
        """Tell a device which of its events are committed (in chunks the wire model accepts), on the
        topic contract version(s) it spoke."""
        from wire.payloads.device import Ack

        pending = list(ids)
        for start in range(0, len(pending), ACK_CHUNK):
            payload = encode(self.envelope(Ack(ids=pending[start : start + ACK_CHUNK])))
            for version in sorted(versions):
                self._publish(topics.ack(site, device, version=version), payload)

    def send_response(
        self, site: str, device: str, body: Payload, corr: str, version: int = topics.VERSION
    ) -> None:
        """Answer request ``corr``: on ``res/<body type>`` (the request's type, or ``request.error``), in
        the topic contract version the request came in."""
        payload = encode(self.envelope(body, corr=corr))
        self._publish(topics.response(site, device, body.TYPE, version=version), payload)

    def send_commands(self, targets: Iterable[tuple[str, str]], body: Payload) -> int:
        """``send_command`` to many (site, device) pairs: recorded in one transaction, then published, each
        command with its own id; returns how many were sent. NotConnectedError if offline."""
        sent = self._record_and_publish(list(targets), body)
        log.info("command %s sent to %d devices", body.TYPE, len(sent))
        return len(sent)

    def send_command(self, site: str, device: str, body: Payload) -> str:
        """Record the command (status ``sent``), publish it, return its id; NotConnectedError if offline."""
        (env,) = self._record_and_publish([(site, device)], body)
        log.info("command %s %s sent to %s/%s", body.TYPE, env.id, site, device)
        return env.id

    def _record_and_publish(self, targets: list[tuple[str, str]], body: Payload) -> list[Envelope]:
        from firmware_config.redact import redact_secrets
        from hub.devices.models import Command

        if self._sessions is None:
            raise RuntimeError("this HubLink has no database; commands cannot be recorded")
        if not self.connected:
            raise NotConnectedError("the hub is not connected to the MQTT broker; try again shortly")
        out = [(site, device, self.envelope(body)) for site, device in targets]
        with self._sessions() as session, session.begin():
            session.add_all(
                Command(
                    id=env.id,
                    device=device,
                    site=site,
                    type=body.TYPE,
                    body=redact_secrets(env.body),  # the history never holds a pushed password
                    status="sent",
                    sent_at=env.ts,
                )
                for site, device, env in out
            )
        for site, device, env in out:
            payload = encode(env)
            for version in self._command_versions:
                self._publish(topics.command(site, device, body.TYPE, version=version), payload)
        return [env for _, _, env in out]
